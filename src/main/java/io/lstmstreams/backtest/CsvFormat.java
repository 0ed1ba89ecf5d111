package io.lstmstreams.backtest;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the backtest writes numbers and times: deterministic and locale-independent, so the same
 * input gives byte-identical files on every machine.
 */
final class CsvFormat {
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private CsvFormat() {
    }

    /**
     * The shortest decimal that reads back as the same double ({@link Double#toString}'s digits),
     * written without exponent or trailing zeros: 10844.0 becomes {@code 10844}, 1e-7
     * {@code 0.0000001}. Not finite: the empty string (no value).
     */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        if (value == 0) {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** ISO-8601 UTC, {@code 2015-01-25T00:00:00Z}; milliseconds are kept only when not zero. */
    static String timestamp(long epochMillis) {
        Instant t = Instant.ofEpochMilli(epochMillis);
        return epochMillis % 1000 == 0 ? SECONDS.format(t) : DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
