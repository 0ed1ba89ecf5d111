package io.lstmstreams.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** What a secret's value is shown as. */
    static final String HIDDEN = "[hidden]";
    /**
     * Names that suggest a secret although Kafka does not type them as passwords: JAAS
     * configurations, and whatever a plugin or a future Kafka version names so.
     */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|jaas|credential).*");
    /** An option of a JAAS configuration whose name suggests a secret: {@code password="..."}, {@code clientSecret=x}. */
    private static final Pattern JAAS_SECRET_OPTION = Pattern.compile(
            "(?i)\\b[\\w.-]*(password|secret)[\\w.-]*\\s*=\\s*(\"([^\"]*)\"|([^\\s;]+))");
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
            // Kafka's own message names the value it rejects
            throw new ConfigException(key, printable(key, value), scrub(e.getMessage(), Map.of(key, value)));
        }
    }

    /**
     * True for a setting whose value must never be shown: one Kafka types as a password
     * ({@code ssl.keystore.password}, {@code sasl.jaas.config}, ...) or one whose name says
     * password, secret, jaas or credential.
     */
    static boolean isSecret(String key) {
        return SECRET_NAME.matcher(key).matches()
                || definition(unprefixed(key)).filter(d -> d.type == ConfigDef.Type.PASSWORD).isPresent();
    }

    /** The value, or {@value #HIDDEN} for a {@linkplain #isSecret secret} setting. */
    static String printable(String key, String value) {
        return isSecret(key) ? HIDDEN : value;
    }

    /**
     * {@code text} with the values of the secret settings among {@code settings} replaced by
     * {@value #HIDDEN}, and so are the password and secret options inside them (a message may quote
     * just the password of a JAAS configuration). For text that did not come from here, such as a
     * client's or the broker's error message.
     */
    static String scrub(String text, Map<String, String> settings) {
        if (text == null) {
            return null;
        }
        List<String> secrets = new ArrayList<>();
        settings.forEach((key, value) -> {
            if (isSecret(key) && value != null && !value.isEmpty()) {
                secrets.add(value);
                Matcher options = JAAS_SECRET_OPTION.matcher(value);
                while (options.find()) {
                    secrets.add(options.group(3) != null ? options.group(3) : options.group(4));
                }
            }
        });
        // longest first, so that a whole value goes before a password that is part of it
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        String scrubbed = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                scrubbed = scrubbed.replace(secret, HIDDEN);
            }
        }
        return scrubbed;
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
