package io.lstmstreams.stream;

import io.lstmstreams.engine.SeriesState;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Decoded key states remembered by the identity of the byte array they were stored as, so that a
 * store read that returns the very array this processor wrote (a hit in Kafka Streams' record
 * cache, which keeps the reference for a byte-array serde) skips decoding. Anything else — a value
 * read back from RocksDB, restored from the changelog after a crash or a rebalance, or written by
 * another task — is a different array and is decoded as usual, so the shortcut can never return a
 * state other than the one the bytes encode.
 *
 * <p>Entries are weak on the array: once the record cache evicts it, the decoded state goes with
 * it at the next garbage collection. At most {@value #MAX_STATES} are kept per stream task (a
 * decoded state with a full 420-observation window is about 6.5 KB of heap); past that, states are
 * decoded as before. A state is taken out while an event changes it and put back only under the
 * bytes that were stored for the change, so a failure half-way leaves nothing behind.
 */
final class DecodedStates {
    static final int MAX_STATES = 4096;
    private final Map<byte[], SeriesState> byStoredBytes = new WeakHashMap<>();

    /** The state {@code stored} encodes if this processor stored exactly that array, removed; else null. */
    SeriesState take(byte[] stored) {
        return stored == null ? null : byStoredBytes.remove(stored);
    }

    /** Remembers that {@code stored}, just written to the store, encodes {@code state}. */
    void remember(byte[] stored, SeriesState state) {
        if (byStoredBytes.size() < MAX_STATES) {
            byStoredBytes.put(stored, state);
        }
    }

    void clear() {
        byStoredBytes.clear();
    }

    int size() {
        return byStoredBytes.size();
    }
}
