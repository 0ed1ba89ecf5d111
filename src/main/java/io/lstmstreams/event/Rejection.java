package io.lstmstreams.event;

/**
 * Why a record is not a valid observation. The {@link Reason#code() code} is what the dead-letter
 * topic's {@code reason} header and the DLQ metric's tag carry; the detail is for people.
 *
 * @param reason the category, stable on the wire
 * @param detail what exactly was wrong, short, never the whole input
 */
public record Rejection(Reason reason, String detail) implements ParseResult {

    public Rejection {
        if (reason == null) {
            throw new IllegalArgumentException("reason is required");
        }
        detail = detail == null ? "" : detail;
    }

    /** The wire code of the reason, e.g. {@code not_finite}. */
    public String code() {
        return reason.code();
    }

    @Override
    public String toString() {
        return reason.code() + ": " + detail;
    }

    /** Rejection reasons; the codes are part of the wire format and must not change. */
    public enum Reason {
        /** Not parseable JSON (syntax error, empty, trailing garbage, duplicate field, both value and values). */
        MALFORMED_JSON("malformed_json"),
        /** Valid JSON, but not an object (array, string, number, null). */
        NOT_AN_OBJECT("not_an_object"),
        /** No value: the record is a tombstone, or neither value nor values is given, or one is null/empty. */
        MISSING_VALUE("missing_value"),
        /** A value that is not a JSON number (strings, booleans, objects; also "12.3" in quotes). */
        NOT_A_NUMBER("not_a_number"),
        /** NaN, Infinity, or a number beyond the double range such as 1e400. */
        NOT_FINITE("not_finite"),
        /** A ts that is not a date-time or whole epoch milliseconds, or lies outside [1970, 2200). */
        BAD_TIMESTAMP("bad_timestamp"),
        /** The record key is an empty or blank string. */
        EMPTY_KEY("empty_key"),
        /** The record has no key. */
        MISSING_KEY("missing_key"),
        /** Key or value bytes that are not valid UTF-8. */
        BAD_ENCODING("bad_encoding"),
        /** Key or value longer than allowed, or a number or string too long to parse safely. */
        TOO_LARGE("too_large"),
        /** JSON nested deeper than allowed. */
        TOO_DEEP("too_deep"),
        /** More values than a series may carry. */
        TOO_MANY_VALUES("too_many_values");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The wire string, lower snake case. */
        public String code() {
            return code;
        }
    }
}
