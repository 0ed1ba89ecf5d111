package io.lstmstreams.event;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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

    /** The length of {@link #format}'s text for times in years 0000 to 9999. */
    static final int FORMATTED_LENGTH = 24;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long FIRST_FAST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long LAST_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private EventTime() {
    }

    /** True when the time lies in [1970-01-01, 2200-01-01). */
    public static boolean inRange(long epochMillis) {
        return epochMillis >= MIN_MILLIS && epochMillis < END_MILLIS;
    }

    /**
     * E.g. {@code 2024-03-01T12:00:00.000Z}. Times in [0000, 9999] are written field by field (a
     * forecast carries six of them and {@code DateTimeFormatter} was half of the per-event JSON
     * cost); others fall back to the formatter.
     */
    public static String format(long epochMillis) {
        byte[] out = new byte[FORMATTED_LENGTH];
        if (writeAscii(epochMillis, out, 0) < 0) {
            return OUTPUT.format(Instant.ofEpochMilli(epochMillis));
        }
        return new String(out, StandardCharsets.US_ASCII);
    }

    /**
     * Writes {@link #format}'s text as ASCII bytes into {@code out} from {@code at}, which must have
     * room for {@value #FORMATTED_LENGTH}, without allocating.
     *
     * @return the index after the text, or -1 (nothing written) for a time outside years 0000 to 9999
     */
    static int writeAscii(long epochMillis, byte[] out, int at) {
        long day = Math.floorDiv(epochMillis, DAY_MILLIS);
        if (day < FIRST_FAST_DAY || day > LAST_FAST_DAY) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        int millisOfDay = (int) Math.floorMod(epochMillis, DAY_MILLIS);
        digits(out, at, date.getYear(), 4);
        out[at + 4] = '-';
        digits(out, at + 5, date.getMonthValue(), 2);
        out[at + 7] = '-';
        digits(out, at + 8, date.getDayOfMonth(), 2);
        out[at + 10] = 'T';
        digits(out, at + 11, millisOfDay / 3_600_000, 2);
        out[at + 13] = ':';
        digits(out, at + 14, millisOfDay / 60_000 % 60, 2);
        out[at + 16] = ':';
        digits(out, at + 17, millisOfDay / 1000 % 60, 2);
        out[at + 19] = '.';
        digits(out, at + 20, millisOfDay % 1000, 3);
        out[at + 23] = 'Z';
        return at + FORMATTED_LENGTH;
    }

    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
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
