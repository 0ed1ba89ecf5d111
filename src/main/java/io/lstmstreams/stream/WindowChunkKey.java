package io.lstmstreams.stream;

/**
 * The window store's key of a series' chunk: the series id, a NUL, the chunk number in decimal.
 * The number is the part after the last NUL, so the key is unambiguous whatever the id holds.
 */
public final class WindowChunkKey {
    private static final char SEPARATOR = '\u0000';

    private WindowChunkKey() {
    }

    public static String of(String seriesId, long number) {
        return seriesId + SEPARATOR + number;
    }
}
