package io.lstmstreams.stream;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The headers a record carries on the dead-letter topic, next to its original key and value
 * bytes: why it was rejected and where it came from. All values are UTF-8 text, so that
 * {@code kcat -f '%h'} shows them as they are.
 */
public final class DeadLetterHeaders {
    /** The rejection code, e.g. {@code malformed_json}, {@code duplicate}, {@code processing_error}. */
    public static final String REASON = "error.reason";
    /** What exactly was wrong, for people; at most {@value #MAX_DETAIL_CHARS} characters. */
    public static final String DETAIL = "error.detail";
    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "source.topic";
    /** Its partition, in decimal. */
    public static final String SOURCE_PARTITION = "source.partition";
    /** Its offset, in decimal; with topic and partition it finds the original. */
    public static final String SOURCE_OFFSET = "source.offset";

    static final int MAX_DETAIL_CHARS = 1000;

    private DeadLetterHeaders() {
    }

    /**
     * The original headers plus ours. A record that is replayed from the DLQ and fails again gets
     * fresh values, not a second copy of each header.
     */
    static Headers of(Headers original, String reason, String detail, Optional<RecordMetadata> source) {
        Headers headers = new RecordHeaders(original.toArray());
        put(headers, REASON, reason);
        put(headers, DETAIL, truncate(detail == null ? "" : detail));
        headers.remove(SOURCE_TOPIC).remove(SOURCE_PARTITION).remove(SOURCE_OFFSET);
        source.ifPresent(meta -> {
            put(headers, SOURCE_TOPIC, meta.topic());
            put(headers, SOURCE_PARTITION, Integer.toString(meta.partition()));
            put(headers, SOURCE_OFFSET, Long.toString(meta.offset()));
        });
        return headers;
    }

    /** The text of the last header named {@code name}, or null. */
    public static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS - 3) + "...";
    }
}
