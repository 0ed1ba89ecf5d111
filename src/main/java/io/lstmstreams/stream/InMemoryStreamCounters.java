package io.lstmstreams.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link StreamCounters} as running totals in memory: {@link LongAdder}s, because several stream
 * threads bump the same counters and contention on one atomic would cost more than the count.
 * Reads are for tests, logs and a metrics binder; they are consistent per counter, not across them.
 */
public final class InMemoryStreamCounters implements StreamCounters {
    private final LongAdder eventsIn = new LongAdder();
    private final LongAdder forecastsOut = new LongAdder();
    private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
    private final LongAdder segmentsOut = new LongAdder();
    private final LongAdder stateBytesWritten = new LongAdder();
    private final LongAdder stateWrites = new LongAdder();
    private final LongAdder keysCreated = new LongAdder();
    private final LongAdder stateResets = new LongAdder();
    private final AtomicLong modelVersion = new AtomicLong(-1);
    private final LongAdder modelsInstalled = new LongAdder();
    private final Map<ModelRejection, LongAdder> modelsRejected = new ConcurrentHashMap<>();
    private final LongAdder eventsProcessed = new LongAdder();
    private final LongAdder processingNanos = new LongAdder();

    @Override
    public void eventIn() {
        eventsIn.increment();
    }

    @Override
    public void forecastOut() {
        forecastsOut.increment();
    }

    @Override
    public void deadLettered(String reason) {
        deadLetters.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    @Override
    public void segmentOut() {
        segmentsOut.increment();
    }

    @Override
    public void stateWritten(int bytes) {
        stateWrites.increment();
        stateBytesWritten.add(bytes);
    }

    @Override
    public void keyCreated() {
        keysCreated.increment();
    }

    @Override
    public void stateReset() {
        stateResets.increment();
    }

    @Override
    public void modelInstalled(long version) {
        modelsInstalled.increment();
        modelVersion.accumulateAndGet(version, Math::max);
    }

    @Override
    public void modelRejected(ModelRejection reason) {
        modelsRejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    @Override
    public void eventProcessed(long nanos) {
        eventsProcessed.increment();
        processingNanos.add(nanos);
    }

    public long eventsIn() {
        return eventsIn.sum();
    }

    public long forecastsOut() {
        return forecastsOut.sum();
    }

    /** Records sent to the DLQ for one reason code. */
    public long deadLetters(String reason) {
        LongAdder count = deadLetters.get(reason);
        return count == null ? 0 : count.sum();
    }

    /** Records sent to the DLQ for any reason. */
    public long deadLettersTotal() {
        return deadLetters.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A snapshot: reason code → count, sorted by code. */
    public Map<String, Long> deadLettersByReason() {
        Map<String, Long> snapshot = new TreeMap<>();
        deadLetters.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }

    public long segmentsOut() {
        return segmentsOut.sum();
    }

    public long stateBytesWritten() {
        return stateBytesWritten.sum();
    }

    public long stateWrites() {
        return stateWrites.sum();
    }

    public long keysCreated() {
        return keysCreated.sum();
    }

    public long stateResets() {
        return stateResets.sum();
    }

    /** The newest model version installed from the models topic, or -1 if none was. */
    public long modelVersion() {
        return modelVersion.get();
    }

    public long modelsInstalled() {
        return modelsInstalled.sum();
    }

    /** Models-topic records rejected for any reason. */
    public long modelsRejected() {
        return modelsRejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A snapshot: reason → count, in the enum's order. */
    public Map<ModelRejection, Long> modelsRejectedByReason() {
        Map<ModelRejection, Long> snapshot = new TreeMap<>();
        modelsRejected.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }

    /** Records whose processing completed (forecast or dead letter), timed. */
    public long eventsProcessed() {
        return eventsProcessed.sum();
    }

    /** Total processing time of {@link #eventsProcessed()}, in nanoseconds. */
    public long processingNanos() {
        return processingNanos.sum();
    }

    @Override
    public String toString() {
        return "events in " + eventsIn() + ", forecasts " + forecastsOut() + ", DLQ " + deadLettersByReason()
                + ", segments " + segmentsOut() + ", keys " + keysCreated() + ", state resets " + stateResets();
    }
}
