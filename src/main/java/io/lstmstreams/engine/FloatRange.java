package io.lstmstreams.engine;

/**
 * Narrowing of doubles to the float32 the key state stores. A finite double beyond float's range
 * (an accepted value such as 1e300) would become Infinity and make the state unreadable; it is
 * saturated at the largest float instead, which the normaliser then winsorises like any outlier.
 */
final class FloatRange {
    private FloatRange() {
    }

    static float saturate(double v) {
        if (v > Float.MAX_VALUE) {
            return Float.MAX_VALUE;
        }
        if (v < -Float.MAX_VALUE) {
            return -Float.MAX_VALUE;
        }
        return (float) v;
    }
}
