package io.lstmstreams.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What Kafka itself knows about its settings: which names are Kafka Streams or client settings
 * (plain, or behind a Kafka Streams prefix such as {@code producer.}), their types, validators and
 * which are passwords. Lets {@link AppConfig} pass them through under their own names, check their
 * values when the application starts rather than when Kafka first reads them, and keep secrets out
 * of messages.
 */
final class KafkaSettings {
    /** Kafka Streams' prefixes for settings of one client, longest first so that prefixes match greedily. */
    static final List<String> CLIENT_PREFIXES = List.of(StreamsConfig.MAIN_CONSUMER_PREFIX,
            StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.PRODUCER_PREFIX, StreamsConfig.ADMIN_CLIENT_PREFIX);
    /** Prefixes whose remainder Kafka interprets freely (internal topic configs, client tags). */
    static final List<String> OPEN_PREFIXES = List.of(StreamsConfig.TOPIC_PREFIX, StreamsConfig.CLIENT_TAG_PREFIX);

    private static final List<ConfigDef> DEFINITIONS = List.of(StreamsConfig.configDef(), ProducerConfig.configDef(),
            ConsumerConfig.configDef(), AdminClientConfig.configDef());

    private KafkaSettings() {
    }

    /** True for a name Kafka Streams or one of its clients reads, with or without a Kafka Streams prefix. */
    static boolean isKafkaName(String key) {
        if (definition(key).isPresent() || OPEN_PREFIXES.stream().anyMatch(key::startsWith)) {
            return true;
        }
        return CLIENT_PREFIXES.stream().anyMatch(p -> key.startsWith(p) && definition(key.substring(p.length())).isPresent());
    }

    /** All plain names Kafka knows, for mapping environment variables back to them. */
    static List<String> plainNames() {
        return DEFINITIONS.stream().flatMap(d -> d.names().stream()).distinct().sorted().toList();
    }

    /** Parses and validates {@code value} as Kafka would, or fails naming key and value. */
    static void check(String key, String value) {
        String plain = unprefixed(key);
        Optional<ConfigDef.ConfigKey> def = definition(plain);
        if (def.isEmpty()) {
            return;
        }
        try {
            Object parsed = ConfigDef.parseType(plain, value, def.get().type);
            if (def.get().validator != null) {
                def.get().validator.ensureValid(plain, parsed);
            }
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new ConfigException(key, printable(key, value), e.getMessage());
        }
    }

    /** The value, or {@code [hidden]} for a Kafka password setting. */
    static String printable(String key, String value) {
        return definition(unprefixed(key)).filter(d -> d.type == ConfigDef.Type.PASSWORD).isPresent()
                ? "[hidden]" : value;
    }

    /** Settings that apply to an admin client: common client names, and {@code admin.}-prefixed ones. */
    static boolean appliesToAdmin(String key) {
        return key.startsWith(StreamsConfig.ADMIN_CLIENT_PREFIX) || AdminClientConfig.configNames().contains(key);
    }

    /**
     * Settings every plain client of the cluster needs alike: names that admin, producer and consumer
     * all define (security, SASL, SSL, DNS, reconnects), unprefixed only.
     */
    static boolean appliesToEveryClient(String key) {
        return AdminClientConfig.configNames().contains(key) && ProducerConfig.configNames().contains(key)
                && ConsumerConfig.configNames().contains(key);
    }

    /** The name without a Kafka Streams client prefix. */
    static String unprefixed(String key) {
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                return key.substring(prefix.length());
            }
        }
        return key;
    }

    private static Optional<ConfigDef.ConfigKey> definition(String name) {
        for (ConfigDef def : DEFINITIONS) {
            Map<String, ConfigDef.ConfigKey> keys = def.configKeys();
            if (keys.containsKey(name)) {
                return Optional.of(keys.get(name));
            }
        }
        return Optional.empty();
    }
}
