package io.lstmstreams.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lstmstreams.config.AppConfig;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class TrainerServiceTest {

    private static Properties segmentsConsumer(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return TrainerService.segmentsConsumerProperties(AppConfig.fromProperties(p));
    }

    @Test
    void shouldGiveTheTrainersGroupTheSessionTimeoutOfTheStreamsConsumers() {
        Properties p = segmentsConsumer("session.timeout.ms", "3000", "heartbeat.interval.ms", "1000");

        assertEquals("3000", p.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals("1000", p.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
        assertEquals("lstm-streams-trainer", p.get(ConsumerConfig.GROUP_ID_CONFIG));
    }

    @Test
    void shouldPreferTheMainConsumersSessionTimeoutAsKafkaStreamsDoes() {
        Properties p = segmentsConsumer("session.timeout.ms", "3000", "consumer.session.timeout.ms", "4000",
                "main.consumer.session.timeout.ms", "5000", "consumer.heartbeat.interval.ms", "1200");

        assertEquals("5000", p.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertEquals("1200", p.get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
    }

    @Test
    void shouldLeaveKafkasDefaultsWhenNoSessionTimeoutIsGiven() {
        Properties p = segmentsConsumer("commit.interval.ms", "100");

        assertFalse(p.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertFalse(p.containsKey(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
    }
}
