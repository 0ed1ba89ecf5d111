package io.lstmstreams.bench;

import io.lstmstreams.stream.ModelRejection;
import io.lstmstreams.stream.StreamCounters;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the records one benchmark run has finished and remembers when the first started and the
 * last finished, as seen on the stream thread. Serves as the forecasting topology's
 * {@link StreamCounters} (a record is done when it was forecast or dead-lettered) and is called
 * directly by the passthrough processor.
 */
final class RunProgress implements StreamCounters {
    private final long expected;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong segments = new AtomicLong();
    private final AtomicLong stateBytes = new AtomicLong();
    private final AtomicLong stateWrites = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile long firstNanos;
    private volatile long lastNanos;

    /** @param expected records after which the run is complete; Long.MAX_VALUE for open-ended runs */
    RunProgress(long expected) {
        this.expected = expected;
    }

    void recordStarted() {
        if (started.getAndIncrement() == 0) {
            firstNanos = System.nanoTime();
        }
    }

    void recordDone() {
        if (done.incrementAndGet() == expected) {
            lastNanos = System.nanoTime();
            finished.countDown();
        }
    }

    boolean awaitAll(long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    long done() {
        return done.get();
    }

    /** Seconds from the start of the first record to the end of the last. */
    double processingSeconds() {
        return (lastNanos - firstNanos) / 1e9;
    }

    long firstNanos() {
        return firstNanos;
    }

    long lastNanos() {
        return lastNanos;
    }

    long deadLetters() {
        return deadLetters.get();
    }

    long segments() {
        return segments.get();
    }

    /** Mean size of the state blobs written, in bytes. */
    double meanStateBytes() {
        long writes = stateWrites.get();
        return writes == 0 ? 0 : stateBytes.get() / (double) writes;
    }

    @Override
    public void eventIn() {
        recordStarted();
    }

    @Override
    public void forecastOut() {
        recordDone();
    }

    @Override
    public void deadLettered(String reason) {
        deadLetters.incrementAndGet();
        recordDone();
    }

    @Override
    public void segmentOut() {
        segments.incrementAndGet();
    }

    @Override
    public void stateWritten(int bytes) {
        stateBytes.addAndGet(bytes);
        stateWrites.incrementAndGet();
    }

    @Override
    public void keyCreated() {
    }

    @Override
    public void stateReset() {
    }

    @Override
    public void modelInstalled(long version) {
    }

    @Override
    public void modelRejected(ModelRejection reason) {
    }
}
