package io.lstmstreams.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Maps {@code LSTM_*} environment variables onto configuration keys: a key's variable is
 * {@code LSTM_} + the key upper-cased with {@code .} and {@code -} turned into {@code _}
 * ({@code model.hidden} → {@code LSTM_MODEL_HIDDEN}, {@code commit.interval.ms} →
 * {@code LSTM_COMMIT_INTERVAL_MS}, {@code producer.linger.ms} → {@code LSTM_PRODUCER_LINGER_MS}).
 *
 * <p>The mapping loses information, so it runs backwards from the keys that exist: ours, the
 * engine's, Kafka's (plain or behind a client prefix), and whatever the properties file sets. One
 * prefix for everything, not {@code KAFKA_} for Kafka's names: containers built from Kafka images
 * carry {@code KAFKA_*} variables meant for the broker ({@code KAFKA_HEAP_OPTS},
 * {@code KAFKA_LISTENERS}, ...), and the application must not pick those up. An {@code LSTM_}
 * variable that matches no key is an error, since it is almost certainly a typo.
 */
final class EnvironmentOverrides {
    static final String PREFIX = "LSTM_";

    private EnvironmentOverrides() {
    }

    /** The environment variable that sets {@code key}. */
    static String variableFor(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The keys and values the {@code LSTM_} variables of {@code env} set.
     *
     * @param knownKeys our keys and the file's; Kafka's names are added here
     */
    static Properties resolve(Map<String, String> env, Collection<String> knownKeys) {
        Map<String, String> byVariable = new HashMap<>();
        // Kafka's names first, so that one of ours wins if both ever map to the same variable
        for (String key : KafkaSettings.plainNames()) {
            byVariable.put(variableFor(key), key);
        }
        for (String key : knownKeys) {
            byVariable.put(variableFor(key), key);
        }
        Properties overrides = new Properties();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) {
                continue;
            }
            String key = byVariable.get(e.getKey());
            if (key == null) {
                key = prefixedKafkaKey(e.getKey(), byVariable);
            }
            if (key == null) {
                throw new ConfigException(e.getKey(), "[not shown]", "no configuration key matches this environment"
                        + " variable (" + PREFIX + " + key upper-cased, '.' and '-' as '_')");
            }
            overrides.setProperty(key, e.getValue());
        }
        return overrides;
    }

    /** {@code LSTM_PRODUCER_LINGER_MS} → {@code producer.linger.ms}, or null. */
    private static String prefixedKafkaKey(String variable, Map<String, String> byVariable) {
        for (String prefix : KafkaSettings.CLIENT_PREFIXES) {
            String head = variableFor(prefix);
            if (variable.startsWith(head)) {
                String rest = byVariable.get(PREFIX + variable.substring(head.length()));
                if (rest != null && KafkaSettings.isKafkaName(rest)) {
                    return prefix + rest;
                }
            }
        }
        return null;
    }
}
