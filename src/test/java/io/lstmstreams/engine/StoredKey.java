package io.lstmstreams.engine;

import java.util.Map;
import java.util.TreeMap;

/**
 * One key as the stream stores it: the state blob rewritten at every event, and the window chunks
 * written when sealed and removed when expired (what {@code ForecastProcessor} does with its two stores).
 */
final class StoredKey {
    final SeriesStateCodec codec;
    final WindowChunkCodec chunkCodec;
    final Map<Long, byte[]> chunks = new TreeMap<>();
    byte[] state;

    StoredKey(SeriesStateCodec codec) {
        this.codec = codec;
        this.chunkCodec = codec.chunks();
    }

    void store(SeriesState s) {
        state = codec.encode(s);
        long sealed = chunkCodec.sealedBy(s);
        if (sealed >= 0) {
            chunks.put(sealed, chunkCodec.encode(s, sealed));
        }
        long expired = chunkCodec.expiredBy(s);
        if (expired >= 0) {
            chunks.remove(expired);
        }
    }

    SeriesState load() {
        return codec.decode(state, chunks::get);
    }
}
