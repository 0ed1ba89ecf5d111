package io.lstmstreams.engine;

/**
 * Where a key's sealed window chunks are read from when its state is decoded: the chunk of that
 * number as {@link WindowChunkCodec} wrote it, or null when there is none.
 */
@FunctionalInterface
public interface WindowChunks {
    /** No chunks: the decoded window holds only the observations kept with the key state. */
    WindowChunks NONE = number -> null;

    byte[] chunk(long number);
}
