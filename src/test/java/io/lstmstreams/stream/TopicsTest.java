package io.lstmstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldNameEveryTopicUnderTheDefaultPrefix() {
        Topics topics = Topics.withDefaultPrefix();
        assertEquals(List.of("lstm.events", "lstm.forecasts", "lstm.events.dlq", "lstm.segments", "lstm.models"),
                topics.all().stream().map(Topic::name).toList());
    }

    @Test
    void shouldUseAGivenPrefixOrNone() {
        assertEquals("prod-1.forecasts", Topics.withPrefix("prod-1.").forecasts().name());
        assertEquals("events", Topics.withPrefix("").events().name());
    }

    @Test
    void shouldRejectAPrefixKafkaWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> Topics.withPrefix("my topics/"));
        assertThrows(IllegalArgumentException.class, () -> Topics.withPrefix("x".repeat(250)));
        assertThrows(IllegalArgumentException.class, () -> Topics.withPrefix(null));
    }

    @Test
    void shouldPairEachTopicWithItsSerdes() {
        Topics topics = Topics.withDefaultPrefix();
        byte[] raw = {(byte) 0xFF, 0, 1};
        // the input is read as raw bytes: nothing can fail to deserialize before the parser sees it
        assertEquals(3, topics.events().valueSerde().deserializer().deserialize("t", raw).length);
        assertEquals("lstm", topics.models().keySerde().deserializer().deserialize("t", "lstm".getBytes()));
    }
}
