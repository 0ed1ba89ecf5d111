package io.lstmstreams.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;

/**
 * The application's configuration: where Kafka is, how the stream runs, the topics, and the
 * {@link EngineConfig}. Immutable. Built in layers, later ones winning: {@link #defaults()}, then a
 * properties file ({@code config/application.properties}), then {@code LSTM_*} environment
 * variables (see {@link EnvironmentOverrides}).
 *
 * <p>Keys are ours ({@code topics.*}, {@code http.port}, {@code state.cleanup-on-start}, the
 * engine's {@code model.*}, {@code features.*}, ...) or Kafka's, under Kafka's own names
 * ({@code commit.interval.ms}, {@code producer.linger.ms}, {@code sasl.jaas.config}, ...), which
 * pass through to Kafka Streams. Five Kafka names are fields here because the application relies
 * on them: {@code application.id}, {@code bootstrap.servers}, {@code state.dir},
 * {@code processing.guarantee}, {@code num.stream.threads}. Anything else is rejected: a key that
 * nobody reads is a typo. Every bad key or value fails at load with a {@link ConfigException}
 * that names both (Kafka passwords are never printed).
 *
 * @param topicPrefix prefix of every topic name
 * @param applicationId Kafka Streams application id: consumer group, internal topic and state prefix
 * @param bootstrapServers the Kafka cluster
 * @param stateDir where Kafka Streams keeps RocksDB stores and checkpoints
 * @param processingGuarantee {@code exactly_once_v2} or {@code at_least_once}
 * @param streamThreads stream threads of this instance
 * @param topicPartitions partitions of topics the app creates when missing (events, outputs)
 * @param topicReplication replication factor of created topics; -1 = the broker's default
 * @param httpPort port of the instance's HTTP endpoints; 0 = any free port
 * @param httpBind address the HTTP endpoints listen on: loopback by default, {@code 0.0.0.0} in a container
 * @param cleanUpOnStart wipe this instance's local state before starting (it is rebuilt from changelogs)
 * @param trainingEnabled whether this instance runs the trainer role (it stands by for, or holds, the one
 *     active trainer); false makes a forecast-only instance whose model changes only through the models topic
 * @param kafka other Kafka and Kafka Streams settings, passed through as they are
 * @param engine the forecasting engine's configuration
 */
public record AppConfig(
        String topicPrefix,
        String applicationId,
        String bootstrapServers,
        Path stateDir,
        String processingGuarantee,
        int streamThreads,
        int topicPartitions,
        short topicReplication,
        int httpPort,
        String httpBind,
        boolean cleanUpOnStart,
        boolean trainingEnabled,
        Map<String, String> kafka,
        EngineConfig engine) {

    public static final String TOPICS_PREFIX = "topics.prefix";
    public static final String TOPICS_PARTITIONS = "topics.partitions";
    public static final String TOPICS_REPLICATION = "topics.replication";
    public static final String HTTP_PORT = "http.port";
    public static final String HTTP_BIND = "http.bind";
    public static final String CLEANUP_ON_START = "state.cleanup-on-start";
    public static final String TRAINING_ENABLED = "training.enabled";

    /** Our own keys and the Kafka names we model as fields; engine keys come from {@link EngineConfig}. */
    private static final List<String> APP_KEYS = List.of(TOPICS_PREFIX, TOPICS_PARTITIONS, TOPICS_REPLICATION,
            HTTP_PORT, HTTP_BIND, CLEANUP_ON_START, TRAINING_ENABLED, StreamsConfig.APPLICATION_ID_CONFIG,
            StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.STATE_DIR_CONFIG, StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            StreamsConfig.NUM_STREAM_THREADS_CONFIG);
    private static final Pattern TOPIC_CHARS = Pattern.compile("[a-zA-Z0-9._-]*");
    /** The record cache's default size: 32 MiB. */
    static final long STATE_CACHE_BYTES = 32L << 20;
    /**
     * Producer settings of the application's own, each left out when the user sets the key either
     * way (Kafka Streams would otherwise let our prefixed default beat an unprefixed user value).
     */
    static final Map<String, String> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024),
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.LINGER_MS_CONFIG, "5");
    private static final List<String> GUARANTEES = List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE);
    private static final Set<String> ENGINE_KEYS = engineKeys();

    public AppConfig {
        require(TOPICS_PREFIX, topicPrefix, topicPrefix != null && TOPIC_CHARS.matcher(topicPrefix).matches()
                && topicPrefix.length() <= 200, "at most 200 of [a-zA-Z0-9._-]");
        require(StreamsConfig.APPLICATION_ID_CONFIG, applicationId, applicationId != null && !applicationId.isEmpty()
                && TOPIC_CHARS.matcher(applicationId).matches(), "one or more of [a-zA-Z0-9._-]");
        require(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                bootstrapServers != null && !bootstrapServers.isBlank(), "host:port[,host:port...] is required");
        require(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, bootstrapAddresses(bootstrapServers) != null,
                "every entry must be host:port");
        require(StreamsConfig.STATE_DIR_CONFIG, stateDir, stateDir != null, "is required");
        require(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee, GUARANTEES.contains(processingGuarantee),
                "one of " + GUARANTEES);
        require(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads, streamThreads >= 1 && streamThreads <= 256,
                "must be in 1..256");
        require(TOPICS_PARTITIONS, topicPartitions, topicPartitions >= 1, "must be >= 1");
        require(TOPICS_REPLICATION, topicReplication, topicReplication == -1 || topicReplication >= 1,
                "must be >= 1, or -1 for the broker's default");
        require(HTTP_PORT, httpPort, httpPort >= 0 && httpPort <= 65535, "must be in 0..65535");
        require(HTTP_BIND, httpBind, httpBind != null && !httpBind.isBlank() && !httpBind.contains(" "),
                "a host name or IP address");
        kafka = Collections.unmodifiableMap(new TreeMap<>(kafka));
        for (Map.Entry<String, String> e : kafka.entrySet()) {
            String shown = KafkaSettings.printable(e.getKey(), e.getValue());
            require(e.getKey(), shown, KafkaSettings.isKafkaName(e.getKey()), "not a Kafka or Kafka Streams setting");
            require(e.getKey(), shown, !APP_KEYS.contains(e.getKey()), "set through its own field");
            KafkaSettings.check(e.getKey(), e.getValue());
        }
        require("engine", engine, engine != null, "is required");
        checkTogether(streamsProperties(applicationId, bootstrapServers, stateDir, processingGuarantee, streamThreads,
                kafka), kafka);
    }

    /**
     * Host and port of each {@code bootstrap.servers} entry, unresolved; null if any entry is not
     * {@code host:port} (IPv6 in brackets).
     */
    public static List<InetSocketAddress> bootstrapAddresses(String bootstrapServers) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String entry : bootstrapServers.split(",")) {
            String trimmed = entry.trim();
            String host = Utils.getHost(trimmed);
            Integer port = Utils.getPort(trimmed);
            if (host == null || host.isEmpty() || port == null || port < 1 || port > 65535) {
                return null;
            }
            addresses.add(InetSocketAddress.createUnresolved(host, port));
        }
        return addresses;
    }

    /**
     * Lets Kafka Streams judge the settings as a whole, as it will when the instance starts: each
     * value can be valid alone and the combination not (a producer transaction timeout below the
     * commit interval). The message names the pass-through settings without any one of which the
     * rest is accepted, found by leaving each out in turn (all of them if that finds none).
     */
    private static void checkTogether(Properties props, Map<String, String> kafka) {
        String why = streamsRejects(props);
        if (why == null) {
            return;
        }
        Map<String, String> culprits = new TreeMap<>();
        for (Map.Entry<String, String> e : kafka.entrySet()) {
            Properties without = new Properties();
            without.putAll(props);
            without.remove(e.getKey());
            if (streamsRejects(without) == null) {
                culprits.put(e.getKey(), KafkaSettings.printable(e.getKey(), e.getValue()));
            }
        }
        if (culprits.isEmpty()) {
            kafka.forEach((key, value) -> culprits.put(key, KafkaSettings.printable(key, value)));
        }
        throw new ConfigException(culprits, why);
    }

    /** Kafka Streams' objection to {@code props}, or null if it has none. */
    private static String streamsRejects(Properties props) {
        try {
            new StreamsConfig(props);
            return null;
        } catch (org.apache.kafka.common.config.ConfigException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Everything at its default: a local broker, exactly-once, one thread, topics under {@code lstm.}. */
    public static AppConfig defaults() {
        return fromProperties(new Properties());
    }

    /**
     * Defaults, then {@code file} (if not null), then the {@code LSTM_*} variables of {@code env}.
     *
     * @param file a properties file; it must exist when given
     * @param env the environment, normally {@code System.getenv()}
     */
    public static AppConfig load(Path file, Map<String, String> env) {
        Properties props = new Properties();
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new ConfigException("config file", file, "cannot be read: " + e.getMessage());
            }
        }
        Set<String> known = new HashSet<>(APP_KEYS);
        known.addAll(ENGINE_KEYS);
        known.addAll(props.stringPropertyNames());
        props.putAll(EnvironmentOverrides.resolve(env, known));
        return fromProperties(props);
    }

    /** Defaults overlaid with {@code props}; fails on the first bad or unknown key. */
    public static AppConfig fromProperties(Properties props) {
        Map<String, String> kafka = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            if (APP_KEYS.contains(key) || ENGINE_KEYS.contains(key)) {
                continue;
            }
            String value = props.getProperty(key).trim();
            if (!KafkaSettings.isKafkaName(key)) {
                // the value is not shown: an unknown key may be a misspelt password setting
                throw new ConfigException(key, "[not shown]",
                        "unknown key: not one of ours (config/application.properties lists them) nor a Kafka setting");
            }
            kafka.put(key, value);
        }
        return new AppConfig(
                string(props, TOPICS_PREFIX, "lstm."),
                string(props, StreamsConfig.APPLICATION_ID_CONFIG, "lstm-streams"),
                string(props, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"),
                Paths.get(string(props, StreamsConfig.STATE_DIR_CONFIG, "state")),
                string(props, StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2),
                EngineConfig.intOf(props, StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1),
                EngineConfig.intOf(props, TOPICS_PARTITIONS, 4),
                shortOf(props, TOPICS_REPLICATION, (short) -1),
                EngineConfig.intOf(props, HTTP_PORT, 8080),
                string(props, HTTP_BIND, "127.0.0.1"),
                EngineConfig.boolOf(props, CLEANUP_ON_START, false),
                EngineConfig.boolOf(props, TRAINING_ENABLED, true),
                kafka,
                EngineConfig.fromProperties(props));
    }

    /**
     * The properties for {@code new KafkaStreams(topology, props)}: our fields, the explicit error
     * handlers, then the pass-through settings, which win.
     *
     * <p>The deserialization handler is set although nothing should ever reach it: the events
     * source reads raw bytes, and the models source a string key and raw bytes, so deserialization
     * cannot fail; bad input is judged by the parser and goes to the DLQ with a reason. Should a
     * serde that can fail ever be put there, {@code LogAndFail} stops the thread rather than
     * dropping records silently as {@code LogAndContinue} would; under exactly-once nothing is
     * committed past the record, and the replaced thread resumes from it. Likewise the processing
     * handler: the forecast processor sends a failing record to the DLQ itself, so whatever still
     * escapes is an infrastructure failure, where failing (and replacing the thread) is right.
     */
    public Properties toStreamsProperties() {
        return streamsProperties(applicationId, bootstrapServers, stateDir, processingGuarantee, streamThreads, kafka);
    }

    private static Properties streamsProperties(String applicationId, String bootstrapServers, Path stateDir,
            String processingGuarantee, int streamThreads, Map<String, String> kafka) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndFailProcessingExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // room for the states of ~30,000 keys between commits (Kafka Streams' 10 MB holds ~9,000)
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(STATE_CACHE_BYTES));
        // one RocksDB memory budget for all stores instead of ~100 MB per store and task
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        // ~1.7 KB leave per event (key state, forecast, segments): 16 KB batches hold ~10 records,
        // larger lz4 batches cut the producer's and the broker's work per record; and a 5 ms linger
        // (the Kafka producer's own default) instead of Kafka Streams' 100 ms, which held forecasts
        // back by up to ~230 ms between commits
        PRODUCER_DEFAULTS.forEach((key, value) -> {
            if (!kafka.containsKey(key) && !kafka.containsKey(StreamsConfig.producerPrefix(key))) {
                p.put(StreamsConfig.producerPrefix(key), value);
            }
        });
        p.putAll(kafka);
        return p;
    }

    /** Properties for an admin client of the same cluster, security settings included. */
    public Properties toAdminProperties() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        kafka.forEach((key, value) -> {
            if (KafkaSettings.appliesToAdmin(key)) {
                p.put(KafkaSettings.unprefixed(key), value);
            }
        });
        return p;
    }

    /**
     * Properties for a plain producer or consumer of the same cluster (the trainer's, the demo's):
     * the bootstrap servers and the settings every client shares, security included. Each caller adds
     * its own serializers, group and delivery settings.
     */
    public Properties toClientProperties() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        kafka.forEach((key, value) -> {
            if (KafkaSettings.appliesToEveryClient(key)) {
                p.put(key, value);
            }
        });
        return p;
    }

    /** This config with more pass-through Kafka settings; e.g. tests lowering commit intervals. */
    public AppConfig withKafka(Map<String, String> settings) {
        Map<String, String> merged = new TreeMap<>(kafka);
        merged.putAll(settings);
        return new AppConfig(topicPrefix, applicationId, bootstrapServers, stateDir, processingGuarantee,
                streamThreads, topicPartitions, topicReplication, httpPort, httpBind, cleanUpOnStart, trainingEnabled,
                merged, engine);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        kafka.forEach((key, value) -> shown.put(key, KafkaSettings.printable(key, value)));
        return "AppConfig[topicPrefix=" + topicPrefix + ", applicationId=" + applicationId + ", bootstrapServers="
                + bootstrapServers + ", stateDir=" + stateDir + ", processingGuarantee=" + processingGuarantee
                + ", streamThreads=" + streamThreads + ", topicPartitions=" + topicPartitions + ", topicReplication="
                + topicReplication + ", httpPort=" + httpPort + ", httpBind=" + httpBind + ", cleanUpOnStart="
                + cleanUpOnStart + ", trainingEnabled=" + trainingEnabled + ", kafka="
                + shown + ", engine=" + engine + "]";
    }

    /**
     * The keys {@link EngineConfig#fromProperties} reads, found by watching it read them, so that a
     * key added to the engine is known here without a second list to keep in step.
     */
    private static Set<String> engineKeys() {
        Set<String> read = new HashSet<>();
        Properties watcher = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getProperty(String key) {
                read.add(key);
                return super.getProperty(key);
            }
        };
        EngineConfig.fromProperties(watcher);
        return Set.copyOf(read);
    }

    private static String string(Properties p, String key, String def) {
        String v = p.getProperty(key);
        return v == null ? def : v.trim();
    }

    private static short shortOf(Properties p, String key, short def) {
        int v = EngineConfig.intOf(p, key, def);
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
            throw new ConfigException(key, v, "out of range");
        }
        return (short) v;
    }

    private static void require(String key, Object value, boolean ok, String why) {
        if (!ok) {
            throw new ConfigException(key, value, why);
        }
    }
}
