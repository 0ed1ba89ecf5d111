package io.lstmstreams.training;

import io.lstmstreams.config.EngineConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the model fresh: collects segments in a {@link ReplayBuffer}, retrains the champion with a
 * {@link TbpttTrainer}, lets {@link ChampionChallenger} judge, and publishes accepted models to a
 * listener with versions counting up by one.
 *
 * <p>Two triggers. By event count ({@code retrainEveryEvents}, for backtests): {@link #onEvents} runs the
 * retraining synchronously on the caller's thread, so the same inputs give the same models. By wall
 * time ({@code retrainInterval}, live): {@link #start} schedules it on the retrainer's own single
 * thread, never on the caller's; {@link #close} stops it. {@link #offer} may be called from any thread.
 * Retrainings never overlap (the trainer's network is not thread-safe).
 */
public final class Retrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);

    private final EngineConfig config;
    private final ReplayBuffer buffer;
    private final TbpttTrainer trainer;
    private final ChampionChallenger judge = new ChampionChallenger();
    private final Consumer<ModelArtefact> listener;
    private final Clock clock;
    private final ReentrantLock training = new ReentrantLock();
    private final AtomicLong eventsSinceRun = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private volatile ModelArtefact champion;
    private volatile TrainingOutcome lastOutcome;
    private ScheduledExecutorService scheduler;

    /**
     * @param champion the model in use, or null to start from {@link NetworkFactory}'s initial weights
     *        (version 0, never published: every instance can build it from the same seed)
     */
    public Retrainer(EngineConfig config, ModelArtefact champion, Consumer<ModelArtefact> listener, Clock clock) {
        this.config = config;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = clock;
        this.buffer = new ReplayBuffer(config.replayCapacity(), config.validationSegments());
        this.trainer = new TbpttTrainer(config);
        this.champion = champion != null ? champion.requireFits(config)
                : ModelArtefact.of(config, 0, clock.instant(),
                        NetworkFactory.create(config).params().toFloatVector(), Double.NaN, Double.NaN);
    }

    public Retrainer(EngineConfig config, ModelArtefact champion, Consumer<ModelArtefact> listener) {
        this(config, champion, listener, Clock.systemUTC());
    }

    /** Adds a segment for the next retraining; any thread. */
    public void offer(Segment segment) {
        buffer.add(segment);
    }

    /**
     * Counts processed events; when {@code retrainEveryEvents} have accumulated, retrains here, on the
     * caller's thread. Returns the model published by that retraining, if any.
     */
    public Optional<ModelArtefact> onEvents(long count) {
        long every = config.retrainEveryEvents();
        if (every <= 0 || eventsSinceRun.addAndGet(count) < every) {
            return Optional.empty();
        }
        eventsSinceRun.set(0);
        return retrainNow();
    }

    /** Starts wall-time retraining if {@code retrainInterval} is set; idempotent. */
    public synchronized void start() {
        Duration interval = config.retrainInterval();
        if (interval.isZero() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lstm-retrainer");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::retrainLogged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * One retraining now, on the calling thread; waits for one in progress. Skipped (empty) while the
     * buffer holds no training segments beyond the held-out ones.
     */
    public Optional<ModelArtefact> retrainNow() {
        training.lock();
        try {
            ReplayBuffer.Snapshot data = buffer.snapshot();
            if (data.training().isEmpty() || data.validation().size() < config.validationSegments()) {
                return Optional.empty();
            }
            ModelArtefact current = champion;
            TrainingOutcome outcome = trainer.train(current.params(), data.training(), data.validation());
            // ND4J's CPU buffers live outside the Java heap and are freed only when their Java
            // owners are collected; a training run leaves hundreds of MB of them behind while the
            // heap itself stays small enough that no collection comes. One collection per run
            // (minutes apart in live mode) keeps resident memory bounded.
            System.gc();
            runs.incrementAndGet();
            lastOutcome = outcome;
            ChampionChallenger.Verdict verdict = judge.judge(outcome);
            LOG.info("retraining {}: {} (challenger {} vs champion {}, {} ms{})", runs.get(), verdict,
                    outcome.challengerLoss(), outcome.championLoss(), outcome.duration().toMillis(),
                    outcome.diverged() ? ", " + outcome.divergence() : "");
            if (verdict != ChampionChallenger.Verdict.ACCEPTED) {
                return Optional.empty();
            }
            ModelArtefact next = ModelArtefact.of(config, current.version() + 1, clock.instant(), outcome.params(),
                    outcome.challengerLoss(), outcome.finalTrainingLoss());
            champion = next;
            listener.accept(next);
            return Optional.of(next);
        } finally {
            training.unlock();
        }
    }

    private void retrainLogged() {
        try {
            retrainNow();
        } catch (RuntimeException e) {
            // a failed run must not cancel the schedule: log it and try again next interval
            LOG.error("retraining failed", e);
        }
    }

    /**
     * Replaces the champion with a model published elsewhere (another instance's trainer), so that the
     * next retraining starts from it.
     */
    public void adopt(ModelArtefact model) {
        model.requireFits(config);
        training.lock();
        try {
            if (model.version() > champion.version()) {
                champion = model;
            }
        } finally {
            training.unlock();
        }
    }

    public ModelArtefact champion() {
        return champion;
    }

    public ChampionChallenger judge() {
        return judge;
    }

    public ReplayBuffer buffer() {
        return buffer;
    }

    /** Completed retrainings (skipped ones excluded). */
    public long runs() {
        return runs.get();
    }

    /** The outcome of the latest retraining, or null before the first. */
    public TrainingOutcome lastOutcome() {
        return lastOutcome;
    }

    /** Stops wall-time retraining, waiting briefly for a run in progress to finish. */
    @Override
    public synchronized void close() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a retraining was still running at close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
