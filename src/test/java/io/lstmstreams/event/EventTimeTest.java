package io.lstmstreams.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EventTimeTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void shouldFormatExactlyLikeTheIsoFormatterWithMilliseconds() {
        Random random = new Random(11);
        long first = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();
        long last = Instant.parse("2300-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            long t = first + (long) (random.nextDouble() * (last - first));
            assertEquals(REFERENCE.format(Instant.ofEpochMilli(t)), EventTime.format(t), "at " + t);
        }
    }

    @Test
    void shouldFormatDayBoundariesLeapDaysAndTheEpoch() {
        assertEquals("1970-01-01T00:00:00.000Z", EventTime.format(0));
        assertEquals("1969-12-31T23:59:59.999Z", EventTime.format(-1));
        assertEquals("2024-02-29T23:59:59.999Z", EventTime.format(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli() - 1));
        assertEquals("2199-12-31T23:59:59.999Z", EventTime.format(EventTime.END_MILLIS - 1));
    }
}
