package io.lstmstreams.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.event.Observation;
import io.lstmstreams.event.ObservationJson;
import io.lstmstreams.event.ObservationParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class EventReplayerTest {
    private static final long TS = 1_404_000_000_000L;

    @Test
    void shouldKeySeriesIdAndCarryEventTimeInTheJsonNotTheRecordTimestamp() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        try (EventReplayer replayer = new EventReplayer(producer, "lstm.events", 0)) {
            replayer.send(Observation.of("nyc_taxi", TS, 10_844));
            replayer.flush();
            assertEquals(1, replayer.acknowledged());
        }
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertEquals(1, sent.size());
        ProducerRecord<byte[], byte[]> record = sent.get(0);
        assertEquals("lstm.events", record.topic());
        assertEquals("nyc_taxi", new String(record.key(), StandardCharsets.UTF_8));
        assertNull(record.timestamp(), "the producer stamps the wall clock: retention follows real time");
        assertArrayEquals(ObservationJson.write(Observation.of("nyc_taxi", TS, 10_844)), record.value());
        Observation back = new ObservationParser().parse(record.key(), record.value(), 0L).observation();
        assertEquals(TS, back.timestamp());
        assertEquals(10_844, back.value());
    }

    @Test
    void shouldReportAFailedSendAtFlush() throws Exception {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        EventReplayer replayer = new EventReplayer(producer, "lstm.events", 0);
        replayer.send(Observation.of("s", TS, 1));
        producer.errorNext(new RuntimeException("broker gone"));
        assertThrows(IllegalStateException.class, replayer::flush);
        assertThrows(IllegalStateException.class, () -> replayer.send(Observation.of("s", TS + 1, 2)));
    }

    @Test
    void shouldHoldTheAskedRateOnAverage() throws Exception {
        RatePacer pacer = new RatePacer(200);
        long start = System.nanoTime();
        for (int i = 0; i <= 40; i++) {
            pacer.await(i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // 40 gaps at 200/s = 0.2 s; sleeping may overshoot a little, never undershoot
        assertTrue(seconds >= 0.19 && seconds < 1.0, "took " + seconds + " s");
    }

    @Test
    void shouldNotWaitAtRateZero() throws Exception {
        RatePacer pacer = new RatePacer(0);
        long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            pacer.await(i);
        }
        assertTrue(System.nanoTime() - start < 1_000_000_000L);
        assertThrows(IllegalArgumentException.class, () -> new RatePacer(-1));
    }
}
