package io.lstmstreams.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("application.properties");
        Files.write(file, List.of(lines));
        return file;
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static ConfigException failure(String... kv) {
        return assertThrows(ConfigException.class, () -> AppConfig.fromProperties(props(kv)));
    }

    @Test
    void shouldDefaultToExactlyOnceOnTheLstmPrefix() {
        AppConfig config = AppConfig.defaults();
        assertEquals("lstm.", config.topicPrefix());
        assertEquals("lstm-streams", config.applicationId());
        assertEquals(StreamsConfig.EXACTLY_ONCE_V2, config.processingGuarantee());
        assertEquals(1, config.streamThreads());
        assertEquals(-1, config.topicReplication());
        assertFalse(config.cleanUpOnStart());
        assertEquals(EngineConfig.defaults(), config.engine());
        assertEquals(Map.of(), config.kafka());
    }

    @Test
    void shouldListenOnLoopbackUnlessToldOtherwise() {
        assertEquals("127.0.0.1", AppConfig.defaults().httpBind());
        assertEquals("0.0.0.0", AppConfig.fromProperties(props(AppConfig.HTTP_BIND, "0.0.0.0")).httpBind());
        assertTrue(failure(AppConfig.HTTP_BIND, " ").getMessage().contains(AppConfig.HTTP_BIND));
        assertEquals("0.0.0.0", AppConfig.load(null, Map.of("LSTM_HTTP_BIND", "0.0.0.0")).httpBind());
    }

    @Test
    void shouldRunTheTrainerRoleUnlessTrainingIsDisabled() {
        assertTrue(AppConfig.defaults().trainingEnabled());
        assertFalse(AppConfig.fromProperties(props("training.enabled", "false")).trainingEnabled());
        assertTrue(failure("training.enabled", "off").getMessage().contains("training.enabled=off"));
    }

    @Test
    void shouldGivePlainClientsTheClusterAndSharedSecuritySettingsOnly() {
        Properties client = AppConfig.fromProperties(props("bootstrap.servers", "k:9093", "security.protocol", "SSL",
                "commit.interval.ms", "100", "producer.linger.ms", "5")).toClientProperties();
        assertEquals("k:9093", client.getProperty("bootstrap.servers"));
        assertEquals("SSL", client.getProperty("security.protocol"));
        assertEquals(2, client.size(), client.toString());
    }

    @Test
    void shouldShipAPropertiesFileThatStatesTheDefaults() {
        // every key of the shipped file is known, and every value shown there is the default
        assertEquals(AppConfig.defaults(), AppConfig.load(Path.of("config/application.properties"), Map.of()));
    }

    @Test
    void shouldLayerDefaultsThenFileThenEnvironment() throws IOException {
        Path file = file("model.hidden=16", "topics.prefix=staging.", "commit.interval.ms=500", "segment.every=8");
        Map<String, String> env = Map.of(
                "LSTM_MODEL_HIDDEN", "64,32",
                "LSTM_COMMIT_INTERVAL_MS", "100",
                "LSTM_PRODUCER_LINGER_MS", "5",
                "LSTM_NUM_STREAM_THREADS", "3",
                "LSTM_SEGMENT_BURN_IN", "4",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "PATH", "/usr/bin");
        AppConfig config = AppConfig.load(file, env);

        assertArrayEquals(new int[] {64, 32}, config.engine().hiddenSizes());
        assertEquals(8, config.engine().segmentEvery(), "the file beats the default");
        assertEquals(4, config.engine().burnIn(), "a '-' in a key is a '_' in its variable");
        assertEquals("staging.", config.topicPrefix());
        assertEquals(3, config.streamThreads());
        assertEquals(Map.of("commit.interval.ms", "100", "producer.linger.ms", "5"), config.kafka());
    }

    @Test
    void shouldFailFastNamingTheKeyAndTheBadValue() {
        assertTrue(failure("model.hidden", "lots").getMessage().contains("model.hidden=lots"));
        assertTrue(failure("num.stream.threads", "0").getMessage().contains("num.stream.threads=0"));
        assertTrue(failure("processing.guarantee", "exactly_once").getMessage().contains("exactly_once_v2"));
        assertTrue(failure("topics.prefix", "a/b").getMessage().contains("topics.prefix=a/b"));
        String kafka = failure("commit.interval.ms", "soon").getMessage();
        assertTrue(kafka.contains("commit.interval.ms=soon"), kafka);
        String prefixed = failure("producer.acks", "some").getMessage();
        assertTrue(prefixed.contains("producer.acks=some"), prefixed);
        assertThrows(ConfigException.class, () -> AppConfig.load(dir.resolve("missing.properties"), Map.of()));
    }

    @Test
    void shouldRequireHostAndPortInEveryBootstrapServer() {
        assertTrue(failure("bootstrap.servers", "kafka").getMessage().contains("bootstrap.servers=kafka"));
        assertTrue(failure("bootstrap.servers", "a:9092,b:0").getMessage().contains("bootstrap.servers=a:9092,b:0"));
        assertEquals(2, AppConfig.bootstrapAddresses(
                AppConfig.fromProperties(props("bootstrap.servers", "a:9092, [::1]:9093")).bootstrapServers()).size());
    }

    @Test
    void shouldNameTheSettingThatKafkaStreamsRejectsInCombination() {
        // each value is valid alone; a transaction timeout below the commit interval is not
        String alone = failure("producer.transaction.timeout.ms", "50").getMessage();
        assertTrue(alone.startsWith("invalid configuration: producer.transaction.timeout.ms=50 ("), alone);
        assertTrue(alone.contains("Transaction timeout 50"), alone);
        // either one of two can be what is wrong: both are named
        String both = failure("commit.interval.ms", "5000", "producer.transaction.timeout.ms", "1000",
                "producer.linger.ms", "5").getMessage();
        assertTrue(both.startsWith(
                "invalid configuration: commit.interval.ms=5000, producer.transaction.timeout.ms=1000 ("), both);
    }

    @Test
    void shouldRejectUnknownKeysAndVariablesAsTypos() {
        assertTrue(failure("model.hiden", "64").getMessage().contains("model.hiden="));
        ConfigException env = assertThrows(ConfigException.class,
                () -> AppConfig.load(null, Map.of("LSTM_MODEL_HIDEN", "64")));
        assertTrue(env.getMessage().contains("LSTM_MODEL_HIDEN"), env.getMessage());
    }

    @Test
    void shouldBuildStreamsPropertiesWithExplicitHandlersAndPassThrough() {
        AppConfig config = AppConfig.fromProperties(props("bootstrap.servers", "kafka:29092",
                "commit.interval.ms", "100", "topic.min.insync.replicas", "2", "state.dir", "/var/lib/lstm"));
        Properties p = config.toStreamsProperties();
        assertEquals("kafka:29092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("exactly_once_v2", p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals("/var/lib/lstm", p.get(StreamsConfig.STATE_DIR_CONFIG));
        assertEquals(LogAndFailExceptionHandler.class.getName(),
                p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals("100", p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals("2", p.get("topic.min.insync.replicas"));
        StreamsConfig accepted = new StreamsConfig(p);
        assertEquals(100L, accepted.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
        assertEquals(32L << 20, accepted.getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG));
    }

    @Test
    void shouldGiveTheProducerLargeLz4BatchesAndAShortLingerUnlessTheUserSetsEitherFormOfTheKey() {
        StreamsConfig defaults = new StreamsConfig(AppConfig.defaults().toStreamsProperties());
        Map<String, Object> producer = defaults.getProducerConfigs("client");
        assertEquals("262144", String.valueOf(producer.get(ProducerConfig.BATCH_SIZE_CONFIG)));
        assertEquals("lz4", producer.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        assertEquals("5", String.valueOf(producer.get(ProducerConfig.LINGER_MS_CONFIG)));
        StreamsConfig lingering = new StreamsConfig(AppConfig.fromProperties(
                props("linger.ms", "100")).toStreamsProperties());
        assertEquals("100", String.valueOf(lingering.getProducerConfigs("client").get(ProducerConfig.LINGER_MS_CONFIG)));

        StreamsConfig unprefixed = new StreamsConfig(AppConfig.fromProperties(
                props("compression.type", "zstd", "batch.size", "65536")).toStreamsProperties());
        assertEquals("zstd", unprefixed.getProducerConfigs("client").get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        assertEquals("65536",
                String.valueOf(unprefixed.getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG)));

        StreamsConfig prefixed = new StreamsConfig(AppConfig.fromProperties(
                props("producer.compression.type", "none")).toStreamsProperties());
        assertEquals("none", prefixed.getProducerConfigs("client").get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        assertEquals("262144",
                String.valueOf(prefixed.getProducerConfigs("client").get(ProducerConfig.BATCH_SIZE_CONFIG)));
    }

    @Test
    void shouldLetTheRecordCacheSizeBeSetLikeAnyStreamsSetting() {
        AppConfig config = AppConfig.fromProperties(props("statestore.cache.max.bytes", "1048576"));
        assertEquals("1048576", config.toStreamsProperties().get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG));
    }

    @Test
    void shouldGiveTheAdminClientTheClusterAndItsSecuritySettings() {
        AppConfig config = AppConfig.fromProperties(props("security.protocol", "SASL_SSL",
                "admin.request.timeout.ms", "5000", "producer.linger.ms", "5"));
        Properties admin = config.toAdminProperties();
        assertEquals("localhost:9092", admin.get("bootstrap.servers"));
        assertEquals("SASL_SSL", admin.get("security.protocol"));
        assertEquals("5000", admin.get("request.timeout.ms"));
        assertFalse(admin.containsKey("linger.ms"));
    }

    @Test
    void shouldNeverPrintAPassword() {
        String secret = "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";";
        AppConfig config = AppConfig.fromProperties(props("sasl.jaas.config", secret));
        assertEquals(secret, config.toStreamsProperties().get("sasl.jaas.config"));
        assertFalse(config.toString().contains("hunter2"), config.toString());
        ConfigException typo = failure("sasl.jaas.confg", secret);
        assertTrue(typo.getMessage().contains("sasl.jaas.confg"), typo.getMessage());
        assertFalse(typo.getMessage().contains("hunter2"), "a misspelt password key may hold a password");
    }

    @Test
    void shouldHideEverySecretSettingWhenPrintedButShowTheRest() {
        AppConfig config = AppConfig.fromProperties(props("ssl.keystore.password", "ks-hunter2",
                "producer.ssl.key.password", "key-hunter2", "sasl.jaas.config", "x password=\"jaas-hunter2\";",
                "topic.archive.password", "topic-hunter2", "ssl.keystore.location", "/etc/kafka/app.jks"));
        String shown = config.toString();
        assertFalse(shown.contains("hunter2"), shown);
        assertTrue(shown.contains("ssl.keystore.password=[hidden]"), shown);
        assertTrue(shown.contains("topic.archive.password=[hidden]"), "named like a secret: " + shown);
        assertTrue(shown.contains("ssl.keystore.location=/etc/kafka/app.jks"), shown);
    }

    @Test
    void shouldNotNameTheValueOfASecretSettingItRejects() {
        String secret = "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"hunter2\";";
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> AppConfig.defaults().withKafka(Map.of("sasl.jaas.confg", secret)));
        assertTrue(unknown.getMessage().contains("sasl.jaas.confg=[hidden]"), unknown.getMessage());
        ConfigException ours = assertThrows(ConfigException.class,
                () -> AppConfig.defaults().withKafka(Map.of("bootstrap.servers.password", "hunter2")));
        assertFalse(ours.getMessage().contains("hunter2"), ours.getMessage());
        // a rejected value of a setting that is no secret is named, as for every other key
        ConfigException plain = failure("commit.interval.ms", "soon");
        assertTrue(plain.getMessage().contains("commit.interval.ms=soon"), plain.getMessage());
    }
}
