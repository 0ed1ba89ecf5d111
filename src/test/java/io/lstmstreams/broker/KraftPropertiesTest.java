package io.lstmstreams.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KraftPropertiesTest {
    private static final Path DIR = Path.of("/data/kafka");

    @Test
    void makesOneNodeBrokerAndControllerOnTheGivenPorts() {
        Properties props = KraftProperties.create(9092, 9093, DIR, false, Map.of());
        assertEquals("broker,controller", props.get("process.roles"));
        assertEquals("1@localhost:9093", props.get("controller.quorum.voters"));
        assertEquals("PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093", props.get("listeners"));
        assertEquals("PLAINTEXT://localhost:9092", props.get("advertised.listeners"));
        assertEquals(DIR.toAbsolutePath().toString(), props.get("log.dirs"));
    }

    @Test
    void makesClientsAuthenticateWithScramWhileTheBrokerTalksToItselfOnAnInternalListener() {
        Properties props = KraftProperties.create(new KraftProperties.Ports(9092, 9093, 9094), "SCRAM-SHA-512", DIR,
                false, Map.of());
        assertEquals("SASL_PLAINTEXT://localhost:9092,INTERNAL://localhost:9094,CONTROLLER://localhost:9093",
                props.get("listeners"));
        assertEquals("SASL_PLAINTEXT://localhost:9092,INTERNAL://localhost:9094", props.get("advertised.listeners"));
        assertEquals("SASL_PLAINTEXT:SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
                props.get("listener.security.protocol.map"));
        assertEquals("INTERNAL", props.get("inter.broker.listener.name"));
        assertEquals("SCRAM-SHA-512", props.get("sasl.enabled.mechanisms"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required;",
                props.get("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config"));
    }

    @Test
    void refusesAnInternalListenerWithoutSaslAndSaslWithoutOne() {
        assertThrows(IllegalArgumentException.class,
                () -> KraftProperties.create(new KraftProperties.Ports(9092, 9093, 0), "SCRAM-SHA-512", DIR, false, Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> KraftProperties.create(new KraftProperties.Ports(9092, 9093, 9094), null, DIR, false, Map.of()));
    }

    @Test
    void sizesInternalTopicsForASingleBroker() {
        Properties props = KraftProperties.create(9092, 9093, DIR, false, Map.of());
        assertEquals("1", props.get("offsets.topic.replication.factor"));
        assertEquals("1", props.get("transaction.state.log.replication.factor"));
        assertEquals("1", props.get("transaction.state.log.min.isr"));
        assertEquals("0", props.get("group.initial.rebalance.delay.ms"));
        assertEquals("false", props.get("auto.create.topics.enable"));
    }

    @Test
    void letsExtraPropertiesOverrideTheDefaults() {
        Properties props = KraftProperties.create(9092, 9093, DIR, true,
                Map.of("num.io.threads", "8", "sasl.enabled.mechanisms", "SCRAM-SHA-256"));
        assertEquals("8", props.get("num.io.threads"));
        assertEquals("SCRAM-SHA-256", props.get("sasl.enabled.mechanisms"));
        assertEquals("true", props.get("auto.create.topics.enable"));
    }
}
