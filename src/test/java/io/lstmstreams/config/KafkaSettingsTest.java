package io.lstmstreams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" password=\"hunter2\";";

    @Test
    void shouldTreatKafkaPasswordsAndSecretLookingNamesAsSecrets() {
        assertTrue(KafkaSettings.isSecret("sasl.jaas.config"));
        assertTrue(KafkaSettings.isSecret("producer.ssl.keystore.password"));
        assertTrue(KafkaSettings.isSecret("ssl.keystore.key"), "typed PASSWORD by Kafka");
        assertTrue(KafkaSettings.isSecret("sasl.oauthbearer.client.credentials.client.secret"));
        assertTrue(KafkaSettings.isSecret("topic.archive.Password"), "by name, any case");
        assertFalse(KafkaSettings.isSecret("ssl.keystore.location"));
        assertFalse(KafkaSettings.isSecret("sasl.mechanism"));
        assertFalse(KafkaSettings.isSecret("commit.interval.ms"));
    }

    @Test
    void shouldPrintSecretsAsHidden() {
        assertEquals("[hidden]", KafkaSettings.printable("sasl.jaas.config", JAAS));
        assertEquals("SCRAM-SHA-512", KafkaSettings.printable("sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void shouldScrubAWholeSecretValueAndThePasswordInsideIt() {
        Map<String, String> settings = Map.of("sasl.jaas.config", JAAS, "sasl.mechanism", "SCRAM-SHA-512");
        assertEquals("login with [hidden] failed", KafkaSettings.scrub("login with " + JAAS + " failed", settings));
        assertEquals("bad password [hidden] for app", KafkaSettings.scrub("bad password hunter2 for app", settings));
        assertEquals("SCRAM-SHA-512 refused", KafkaSettings.scrub("SCRAM-SHA-512 refused", settings),
                "values of settings that are no secret stay");
    }

    @Test
    void shouldScrubUnquotedJaasSecretOptions() {
        Map<String, String> settings = Map.of("sasl.jaas.config",
                "org.example.OAuthLoginModule required clientId=app clientSecret=s3cr3t-value;");
        assertEquals("rejected [hidden]", KafkaSettings.scrub("rejected s3cr3t-value", settings));
    }
}
