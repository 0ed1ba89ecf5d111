package io.lstmstreams.backtest;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads the timestamp column of the observation CSVs into epoch milliseconds.
 *
 * <p>Accepted forms: ISO-8601 local date-time {@code 2014-07-01T00:00:00} (taken as UTC: the
 * shared data are local wall-clock time without a zone, and a fixed zone keeps a backtest free
 * of daylight-saving jumps), the same with an offset or {@code Z}, a space instead of the
 * {@code T}, and integer epoch milliseconds.
 */
final class TimestampParser {
    private TimestampParser() {
    }

    /**
     * Parses one timestamp.
     *
     * @throws IllegalArgumentException naming the text when it is none of the accepted forms
     */
    static long parseEpochMillis(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        if (isInteger(s)) {
            return Long.parseLong(s);
        }
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        try {
            if (hasZone(s)) {
                return OffsetDateTime.parse(s).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad timestamp '" + text + "'", e);
        }
    }

    private static boolean isInteger(String s) {
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length() || s.length() - start > 18) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A zone suffix is Z or a sign after the time part (the date's own '-' come before the 'T'). */
    private static boolean hasZone(String s) {
        int t = s.indexOf('T');
        if (t < 0) {
            return false;
        }
        String time = s.substring(t);
        return time.endsWith("Z") || time.indexOf('+') >= 0 || time.indexOf('-') >= 0;
    }
}
