package io.lstmstreams.config;

import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * The Kafka cluster refused this application's credentials. Retrying with the same settings cannot
 * succeed, so the application stops with this one-line message instead: where it connected, with
 * which protocol and SASL mechanism, Kafka's reason, and the settings to check. Never a secret:
 * Kafka's reason is {@linkplain KafkaSettings#scrub scrubbed} of every secret setting's value.
 * <pre>
 * authentication failed for Kafka at broker:9093 (SASL_SSL, SCRAM-SHA-512): Authentication failed during
 * authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512; check sasl.jaas.config
 * (user name and password) and sasl.mechanism
 * </pre>
 */
public final class KafkaAuthenticationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private KafkaAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The authentication failure in {@code e}'s cause chain, described for {@code config}'s
     * cluster; empty when there is none.
     */
    public static Optional<KafkaAuthenticationException> find(Throwable e, AppConfig config) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KafkaAuthenticationException known) {
                return Optional.of(known);
            }
            if (t instanceof AuthenticationException failure) {
                return Optional.of(new KafkaAuthenticationException(describe(failure, config), failure));
            }
        }
        return Optional.empty();
    }

    /** {@code e} itself, or the authentication failure it holds, described for {@code config}'s cluster. */
    public static RuntimeException explain(RuntimeException e, AppConfig config) {
        return find(e, config).<RuntimeException>map(failure -> failure).orElse(e);
    }

    private static String describe(AuthenticationException failure, AppConfig config) {
        String protocol = config.kafka().getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL);
        boolean sasl = protocol.equalsIgnoreCase(SecurityProtocol.SASL_PLAINTEXT.name)
                || protocol.equalsIgnoreCase(SecurityProtocol.SASL_SSL.name);
        String how = sasl ? protocol + ", " + config.kafka().getOrDefault(SaslConfigs.SASL_MECHANISM,
                SaslConfigs.DEFAULT_SASL_MECHANISM) : protocol;
        String check = failure instanceof SslAuthenticationException
                ? "the ssl.keystore.* and ssl.truststore.* settings (certificates and their passwords)"
                : SaslConfigs.SASL_JAAS_CONFIG + " (user name and password) and " + SaslConfigs.SASL_MECHANISM;
        return "authentication failed for Kafka at " + config.bootstrapServers() + " (" + how + "): "
                + KafkaSettings.scrub(failure.getMessage(), config.kafka()) + "; check " + check;
    }
}
