package io.lstmstreams.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.OptionalLong;

/** Event times on the wire: ISO-8601 text in, fixed-width ISO-8601 UTC with milliseconds out. */
public final class EventTime {
    /** The earliest accepted event time: 1970-01-01T00:00:00Z. */
    public static final long MIN_MILLIS = 0L;
    /** The first event time no longer accepted: 2200-01-01T00:00:00Z. */
    public static final long END_MILLIS = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();

    /** Always three fraction digits, so the same instant is always the same text. */
    private static final DateTimeFormatter OUTPUT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EventTime() {
    }

    /** True when the time lies in [1970-01-01, 2200-01-01). */
    public static boolean inRange(long epochMillis) {
        return epochMillis >= MIN_MILLIS && epochMillis < END_MILLIS;
    }

    /** E.g. {@code 2024-03-01T12:00:00.000Z}. */
    public static String format(long epochMillis) {
        return OUTPUT.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * Parses an ISO-8601 date-time with an offset ({@code 2024-03-01T13:00:00+01:00}, {@code ...Z}),
     * with an offset and zone ({@code ...+01:00[Europe/Paris]}) or without either, which is taken as
     * UTC. A date without a time, or a space instead of the {@code T}, is not accepted.
     *
     * @return epoch milliseconds, or empty when the text is not such a date-time
     */
    public static OptionalLong parse(String text) {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text,
                    ZonedDateTime::from, LocalDateTime::from);
            Instant instant = parsed instanceof ZonedDateTime zoned
                    ? zoned.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return OptionalLong.of(instant.toEpochMilli());
        } catch (DateTimeException | ArithmeticException e) {
            return OptionalLong.empty();
        }
    }
}
