package io.lstmstreams.event;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable UTF-8 buffer for writing one small JSON document of a known shape: ASCII pieces as
 * they are, strings quoted and escaped as Jackson escapes them (quote, backslash, the short forms
 * of backspace, tab, newline, form feed and carriage return, a six-character hex escape for the
 * other control characters and for each UTF-16 surrogate, anything else as UTF-8), numbers
 * rounded to twelve significant digits ({@link DecimalText}) and non-finite numbers as {@code null}.
 */
final class JsonBytes {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int INITIAL_CAPACITY = 1024;
    private static final int KEPT_CAPACITY = 64 * 1024;
    private byte[] bytes;
    private int size;

    JsonBytes() {
        bytes = new byte[INITIAL_CAPACITY];
    }

    /**
     * Empties the buffer so one instance can write one document after another; it keeps its
     * capacity unless a huge document grew it past {@value #KEPT_CAPACITY} bytes.
     */
    JsonBytes reset() {
        size = 0;
        if (bytes.length > KEPT_CAPACITY) {
            bytes = new byte[INITIAL_CAPACITY];
        }
        return this;
    }

    /** Appends {@code text}, which must be ASCII and need no escaping. */
    JsonBytes ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[size + i] = (byte) text.charAt(i);
        }
        size += n;
        return this;
    }

    /** Appends {@code text} as a quoted JSON string. */
    JsonBytes string(String text) {
        int n = text.length();
        ensure(n + 2);
        bytes[size++] = '"';
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\') {
                return escaped(text, i);
            }
            bytes[size++] = (byte) c;
        }
        bytes[size++] = '"';
        return this;
    }

    /** Appends a number, or {@code null} when it is not finite. */
    JsonBytes number(double value) {
        if (!Double.isFinite(value)) {
            return ascii("null");
        }
        ensure(DecimalText.MAX_LENGTH);
        size = DecimalText.write(value, bytes, size);
        return this;
    }

    /** Appends a whole number. */
    JsonBytes integer(long value) {
        ensure(20);
        size = NumberOutput.outputLong(value, bytes, size);
        return this;
    }

    /** Appends {@link EventTime#format}'s text of the time, unquoted. */
    JsonBytes time(long epochMillis) {
        ensure(EventTime.FORMATTED_LENGTH);
        int end = EventTime.writeAscii(epochMillis, bytes, size);
        if (end < 0) {
            return ascii(EventTime.format(epochMillis));
        }
        size = end;
        return this;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** The rest of a string from {@code from}, the first character that is not plain ASCII. */
    private JsonBytes escaped(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> ascii("\\\"");
                case '\\' -> ascii("\\\\");
                case '\b' -> ascii("\\b");
                case '\t' -> ascii("\\t");
                case '\n' -> ascii("\\n");
                case '\f' -> ascii("\\f");
                case '\r' -> ascii("\\r");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        ensure(6);
                        bytes[size++] = '\\';
                        bytes[size++] = 'u';
                        bytes[size++] = HEX[c >> 12];
                        bytes[size++] = HEX[(c >> 8) & 0xF];
                        bytes[size++] = HEX[(c >> 4) & 0xF];
                        bytes[size++] = HEX[c & 0xF];
                    } else if (c < 0x80) {
                        ensure(1);
                        bytes[size++] = (byte) c;
                    } else {
                        int end = i + 1;
                        while (end < text.length() && text.charAt(end) >= 0x80
                                && !Character.isSurrogate(text.charAt(end))) {
                            end++;
                        }
                        byte[] utf8 = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                        ensure(utf8.length);
                        System.arraycopy(utf8, 0, bytes, size, utf8.length);
                        size += utf8.length;
                        i = end - 1;
                    }
                }
            }
        }
        ensure(1);
        bytes[size++] = '"';
        return this;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
