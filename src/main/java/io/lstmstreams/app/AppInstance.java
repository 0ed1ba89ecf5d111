package io.lstmstreams.app;

import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.http.ObservabilityServer;
import io.lstmstreams.metrics.Observability;
import io.lstmstreams.stream.ArtefactModelDecoder;
import io.lstmstreams.stream.ForecastStreamsApp;
import io.lstmstreams.stream.Topics;
import io.lstmstreams.training.InitialModel;
import io.lstmstreams.training.ModelArtefact;
import io.lstmstreams.training.TrainerService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of the application, wired from its configuration: the stream role (forecasting,
 * {@link ForecastStreamsApp}) and, unless {@code training.enabled=false}, the trainer role
 * ({@link TrainerService}, active in one instance at a time). Both start from the same
 * seed-initialised model v0 and move on to whatever the models topic holds.
 *
 * <p>Observability comes with it: one {@link Observability} registry is the stream's counters and
 * also reads the model in use, Kafka Streams' metrics and the trainer's {@code Retrainer}; the
 * {@code /models} history hears of every artefact the trainer publishes and every one installed
 * from the models topic. The HTTP endpoints ({@link ObservabilityServer}: {@code /metrics},
 * {@code /health}, {@code /series}, {@code /models}, the live page) are bound on
 * {@code http.bind}:{@code http.port} when the instance is created, before Kafka Streams, so that
 * {@code application.server} can advertise the actual port when {@code http.port=0}.
 * <pre>{@code
 * try (AppInstance app = new AppInstance(AppConfig.load(file, System.getenv()))) {
 *     app.runUntilShutdown();
 * }
 * }</pre>
 */
public final class AppInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppInstance.class);

    private final AppConfig config;
    private final Topics topics;
    private final ModelHolder models;
    private final Observability obs;
    private final ObservabilityServer http;
    private final ForecastStreamsApp stream;
    private final TrainerService trainer;
    private final CountDownLatch closed = new CountDownLatch(1);

    /** An instance starting from the seed-initialised model v0. */
    public AppInstance(AppConfig config) {
        this(config, InitialModel.of(config.engine()));
    }

    /**
     * @param config the configuration
     * @param initial the model to forecast with (and train from) until a newer one is read from the
     *     models topic
     * @throws UncheckedIOException if the HTTP address cannot be bound (e.g. the port is taken)
     */
    public AppInstance(AppConfig config, ModelArtefact initial) {
        this.config = config;
        EngineConfig engine = config.engine();
        this.topics = Topics.withPrefix(config.topicPrefix());
        this.models = new ModelHolder(ArtefactModelDecoder.toModel(engine, initial));
        this.obs = Observability.create(engine.horizon());
        // v0 (or the model given) is in use from the start, before anything is read from the models topic
        obs.models().accept(initial);
        obs.models().installed(initial.version());
        AtomicReference<KafkaStreams> client = new AtomicReference<>();
        try {
            this.http = ObservabilityServer.start(config, obs, client::get);
        } catch (IOException e) {
            obs.close();
            throw new UncheckedIOException("cannot serve HTTP on " + config.httpBind() + ":" + config.httpPort(), e);
        }
        try {
            this.stream = new ForecastStreamsApp(http.withApplicationServer(config), models,
                    new ArtefactModelDecoder(engine, obs.models()), obs.counters());
            obs.trackModel(models);
            obs.bindStreams(stream.streams());
            client.set(stream.streams());
            this.trainer = config.trainingEnabled()
                    ? new TrainerService(config, initial, topics.segments().name(),
                            topics.segments().valueSerde().deserializer(), topics.models().name(), obs.models())
                    : null;
            if (trainer != null) {
                obs.bindRetrainer(trainer.retrainer());
            }
        } catch (RuntimeException e) {
            http.close();
            obs.close();
            throw e;
        }
    }

    /** Creates missing topics, starts the stream and then (if enabled) the trainer; returns at once. */
    public void start() {
        stream.start();
        if (trainer != null) {
            trainer.start();
        } else {
            LOG.info("{}=false: this instance forecasts only", AppConfig.TRAINING_ENABLED);
        }
    }

    /** Waits until the stream is RUNNING (restored and assigned). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return stream.awaitRunning(timeout);
    }

    /**
     * Starts, then blocks until the JVM shuts down (Ctrl-C, SIGTERM) or the stream stops for good,
     * and closes everything either way. The shutdown hook waits for the close to finish, so the
     * last transaction is committed and the trainer leaves its group before the JVM exits.
     *
     * @throws io.lstmstreams.config.KafkaAuthenticationException if the cluster refuses the
     *     credentials, at start or later
     * @throws RuntimeException why the stream stopped by itself ({@link ForecastStreamsApp#failure()})
     */
    public void runUntilShutdown() throws InterruptedException {
        Thread hook = new Thread(() -> {
            close();
            awaitClosedQuietly();
        }, "lstm-streams-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        start();
        stream.awaitTermination();
        close();
        stream.rethrowFailure();
    }

    public AppConfig config() {
        return config;
    }

    public Topics topics() {
        return topics;
    }

    /** The model this instance forecasts with now. */
    public ModelHolder models() {
        return models;
    }

    /** The metrics registry and the in-memory views behind the HTTP endpoints. */
    public Observability observability() {
        return obs;
    }

    /** Where the HTTP endpoints answer, e.g. {@code http://127.0.0.1:8080/} (the actual port when 0 was asked). */
    public URI httpUri() {
        return http.uri();
    }

    /** The stream role, for its state and interactive queries. */
    public ForecastStreamsApp stream() {
        return stream;
    }

    /** The trainer role, when enabled. */
    public Optional<TrainerService> trainer() {
        return Optional.ofNullable(trainer);
    }

    /** Stops the trainer (after a retraining in progress) and the stream; idempotent. */
    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            if (trainer != null) {
                trainer.close();
            }
        } finally {
            try {
                stream.close();
            } finally {
                http.close();
                obs.close();
                closed.countDown();
            }
        }
    }

    private void awaitClosedQuietly() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
