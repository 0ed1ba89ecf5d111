package io.lstmstreams.replay;

/**
 * Holds a sender to a steady rate: before the n-th send, waits until n / rate seconds have passed
 * since the first. Catching up after a stall is allowed (the schedule is absolute, not per gap), so
 * the average rate is the one asked for. Rate 0 means as fast as possible. One thread.
 */
final class RatePacer {
    private final double perSecond;
    private long startNanos = -1;

    /** @param perSecond events per second; 0 = no pacing */
    RatePacer(double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, got " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /** Blocks until the event with 0-based index {@code n} is due. */
    void await(long n) throws InterruptedException {
        if (perSecond == 0) {
            return;
        }
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now;
        }
        long due = startNanos + (long) (n * 1e9 / perSecond);
        long waitNanos = due - now;
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
