package io.lstmstreams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaAuthenticationExceptionTest {
    private static AppConfig scram(String password) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", "broker:9093");
        p.setProperty("security.protocol", "SASL_SSL");
        p.setProperty("sasl.mechanism", "SCRAM-SHA-512");
        p.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"app\" password=\"" + password + "\";");
        return AppConfig.fromProperties(p);
    }

    @Test
    void shouldSayWhereHowAndWhatToCheckWhenTheClusterRefusesTheCredentials() {
        Exception wrapped = new IllegalStateException("cannot list topics", new ExecutionException(
                new SaslAuthenticationException("Authentication failed: invalid credentials with SASL mechanism SCRAM-SHA-512")));

        KafkaAuthenticationException e = KafkaAuthenticationException.find(wrapped, scram("hunter2")).orElseThrow();

        assertEquals("authentication failed for Kafka at broker:9093 (SASL_SSL, SCRAM-SHA-512): Authentication failed:"
                + " invalid credentials with SASL mechanism SCRAM-SHA-512; check sasl.jaas.config (user name and password)"
                + " and sasl.mechanism", e.getMessage());
        assertTrue(e.getCause() instanceof SaslAuthenticationException);
    }

    @Test
    void shouldNeverRepeatThePasswordEvenIfKafkaQuotesIt() {
        AppConfig config = scram("hunter2");
        String message = KafkaAuthenticationException.find(new SaslAuthenticationException("password hunter2 rejected"),
                config).orElseThrow().getMessage();
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void shouldPointAtTheKeyAndTrustStoresForAFailedTlsHandshake() {
        Properties p = new Properties();
        p.setProperty("security.protocol", "SSL");
        String message = KafkaAuthenticationException.find(new SslAuthenticationException("SSL handshake failed"),
                AppConfig.fromProperties(p)).orElseThrow().getMessage();
        assertTrue(message.startsWith("authentication failed for Kafka at localhost:9092 (SSL): SSL handshake failed;"
                + " check the ssl.keystore.* and ssl.truststore.*"), message);
    }

    @Test
    void shouldLeaveOtherFailuresAsTheyAre() {
        RuntimeException timeout = new IllegalStateException("cannot list topics", new TimeoutException("no answer"));
        assertTrue(KafkaAuthenticationException.find(timeout, scram("x1")).isEmpty());
        assertSame(timeout, KafkaAuthenticationException.explain(timeout, scram("x1")));
    }
}
