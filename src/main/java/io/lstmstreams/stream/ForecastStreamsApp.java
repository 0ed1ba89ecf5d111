package io.lstmstreams.stream;

import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.KafkaAuthenticationException;
import io.lstmstreams.engine.ModelHolder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of the forecasting stream: creates missing topics, starts
 * {@link KafkaStreams} over {@link ForecastTopology}, and stops it cleanly.
 * <pre>{@code
 * try (ForecastStreamsApp app = new ForecastStreamsApp(config, models, decoder, counters)) {
 *     app.start();
 *     app.awaitTermination();   // until close() from a shutdown hook, or a fatal error
 * }
 * }</pre>
 * or {@link #runUntilShutdown()}, which does the same with a JVM shutdown hook.
 *
 * <p>A stream thread that dies of an exception is replaced ({@code REPLACE_THREAD}): its tasks
 * resume from the last commit, and under exactly-once nothing after it was visible. A failure that
 * repeats faster than {@value #MAX_REPLACEMENTS} times in {@link #REPLACEMENT_WINDOW} is not
 * transient, and the instance shuts down instead of looping. An authentication failure is never
 * transient: the instance shuts down at the first, with one line saying what to check
 * ({@link KafkaAuthenticationException}), and so does {@link #start()} when creating topics meets
 * one. {@link #failure()} tells why an instance stopped by itself.
 */
public final class ForecastStreamsApp implements AutoCloseable {
    static final int MAX_REPLACEMENTS = 5;
    static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long ADMIN_TIMEOUT_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(ForecastStreamsApp.class);

    private final AppConfig config;
    private final Topics topics;
    private final KafkaStreams streams;
    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final Deque<Long> replacements = new ArrayDeque<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /**
     * @param config the application's configuration
     * @param models the model in use at start (an untrained network, or the last published one);
     *     updated from the models topic
     * @param decoder turns models-topic bytes into models
     * @param counters what the stream does, counted
     */
    public ForecastStreamsApp(AppConfig config, ModelHolder models, ModelDecoder decoder, StreamCounters counters) {
        this.config = config;
        this.topics = Topics.withPrefix(config.topicPrefix());
        this.streams = new KafkaStreams(ForecastTopology.build(topics, config.engine(), models, decoder, counters),
                config.toStreamsProperties());
        streams.setStateListener(this::onStateChange);
        streams.setUncaughtExceptionHandler(this::onUncaughtException);
    }

    public Topics topics() {
        return topics;
    }

    /** The Kafka Streams client, for interactive queries and metrics binding; do not start or close it. */
    public KafkaStreams streams() {
        return streams;
    }

    public State state() {
        return streams.state();
    }

    /**
     * Creates missing topics, wipes local state if so configured, and starts processing.
     *
     * @throws KafkaAuthenticationException if the cluster refuses the credentials
     */
    public void start() {
        try (Admin admin = Admin.create(config.toAdminProperties())) {
            TopicCreator.createMissing(admin, topics, config.topicPartitions(), config.topicReplication(),
                    ADMIN_TIMEOUT_MS);
        } catch (RuntimeException e) {
            throw KafkaAuthenticationException.explain(e, config);
        }
        if (config.cleanUpOnStart()) {
            LOG.warn("{} is set: deleting local state in {}; it is restored from the changelogs",
                    AppConfig.CLEANUP_ON_START, config.stateDir());
            streams.cleanUp();
        }
        LOG.info("starting {} ({} on {})", config.applicationId(), config.processingGuarantee(),
                config.bootstrapServers());
        streams.start();
    }

    /** Waits until the instance is RUNNING (after restore and the first assignment). */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the instance has stopped: closed, or failed for good. */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * Why the instance shut itself down, if it did: a {@link KafkaAuthenticationException}, or a
     * stream thread failing faster than it could be replaced.
     */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Starts, closes on JVM shutdown (Ctrl-C, SIGTERM), and returns once stopped.
     *
     * @throws RuntimeException the {@link #failure()} when the instance shut itself down
     */
    public void runUntilShutdown() throws InterruptedException {
        Thread hook = new Thread(this::close, "lstm-streams-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        start();
        awaitTermination();
        close();
        rethrowFailure();
    }

    /** Throws the {@link #failure()}, if any. */
    public void rethrowFailure() {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /**
     * Stops processing, committing what was processed, and leaves the consumer group; idempotent.
     * Leaving (rather than Kafka Streams' default of staying until the session times out, 45 s) lets
     * the other instances take this one's partitions over at once: a stopped instance's keys would
     * otherwise get no forecasts for that long.
     */
    @Override
    public void close() {
        if (!streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP))) {
            LOG.warn("Kafka Streams did not stop within {}", CLOSE_TIMEOUT);
        }
        terminated.countDown();
    }

    private void onStateChange(State newState, State oldState) {
        LOG.info("Kafka Streams {} -> {}", oldState, newState);
        if (newState == State.RUNNING) {
            running.countDown();
        }
        if (newState == State.ERROR || newState == State.NOT_RUNNING) {
            terminated.countDown();
        }
    }

    private StreamThreadExceptionResponse onUncaughtException(Throwable e) {
        Optional<KafkaAuthenticationException> refused = KafkaAuthenticationException.find(e, config);
        if (refused.isPresent()) {
            failure.compareAndSet(null, refused.get());
            LOG.error("{}; shutting down", refused.get().getMessage());
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long now = System.nanoTime();
        synchronized (replacements) {
            while (!replacements.isEmpty() && now - replacements.peekFirst() > REPLACEMENT_WINDOW.toNanos()) {
                replacements.removeFirst();
            }
            replacements.addLast(now);
            if (replacements.size() > MAX_REPLACEMENTS) {
                LOG.error("stream thread failed {} times within {}; shutting down", replacements.size(),
                        REPLACEMENT_WINDOW, e);
                failure.compareAndSet(null, new IllegalStateException("the stream thread failed " + replacements.size()
                        + " times within " + REPLACEMENT_WINDOW, e));
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
        }
        LOG.error("stream thread failed; replacing it", e);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
