package io.lstmstreams.app;

import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.stream.ArtefactModelDecoder;
import io.lstmstreams.stream.ForecastStreamsApp;
import io.lstmstreams.stream.InMemoryStreamCounters;
import io.lstmstreams.stream.Topics;
import io.lstmstreams.training.InitialModel;
import io.lstmstreams.training.ModelArtefact;
import io.lstmstreams.training.TrainerService;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of the application, wired from its configuration: the stream role (forecasting,
 * {@link ForecastStreamsApp}) and, unless {@code training.enabled=false}, the trainer role
 * ({@link TrainerService}, active in one instance at a time). Both start from the same
 * seed-initialised model v0 and move on to whatever the models topic holds.
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
    private final InMemoryStreamCounters counters = new InMemoryStreamCounters();
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
     */
    public AppInstance(AppConfig config, ModelArtefact initial) {
        this.config = config;
        EngineConfig engine = config.engine();
        this.topics = Topics.withPrefix(config.topicPrefix());
        this.models = new ModelHolder(ArtefactModelDecoder.toModel(engine, initial));
        this.stream = new ForecastStreamsApp(config, models, new ArtefactModelDecoder(engine), counters);
        this.trainer = config.trainingEnabled()
                ? new TrainerService(config, initial, topics.segments().name(),
                        topics.segments().valueSerde().deserializer(), topics.models().name())
                : null;
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

    /** What the stream did, counted. */
    public InMemoryStreamCounters counters() {
        return counters;
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
            stream.close();
            closed.countDown();
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
