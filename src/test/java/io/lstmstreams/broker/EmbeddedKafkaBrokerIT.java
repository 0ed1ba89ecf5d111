package io.lstmstreams.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real clients against the embedded broker: plain, transactional and compacted topics. */
@Timeout(60)
class EmbeddedKafkaBrokerIT {
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(20);

    private static EmbeddedKafkaBroker kafka;
    private static long startMillis;

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        kafka = EmbeddedKafkaBroker.builder().port(0)
                // a pass-through server property: the cleaner looks for work often (default 15 s)
                .brokerProperty("log.cleaner.backoff.ms", "100")
                .start();
        startMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void startsQuicklyOnAFreePort() {
        assertTrue(kafka.port() > 0);
        assertNotEquals(kafka.port(), kafka.controllerPort());
        assertEquals("localhost:" + kafka.port(), kafka.bootstrapServers());
        assertTrue(startMillis < 20_000, "broker took " + startMillis + " ms to start");
    }

    @Test
    void deliversProducedRecordsToAConsumerInOrder() throws Exception {
        kafka.createTopic("plain", 2);
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("plain", "series-" + (i % 3), "v" + i));
            }
            producer.flush();
        }
        List<ConsumerRecord<String, String>> records = consume("plain", 10, ConsumerConfig.DEFAULT_ISOLATION_LEVEL);
        assertEquals(10, records.size());
        // per key, records arrive in the order they were produced
        Map<String, List<String>> byKey = new HashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
        assertEquals(List.of("v0", "v3", "v6", "v9"), byKey.get("series-0"));
    }

    @Test
    void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
        kafka.createTopic("tx", 1);
        Map<String, Object> txConfig = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
        try (KafkaProducer<String, String> producer = producer(txConfig)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("tx", "k", "committed-1"));
            producer.send(new ProducerRecord<>("tx", "k", "committed-2"));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, String>> records = consume("tx", 2, "read_committed");
        assertEquals(List.of("committed-1", "committed-2"), records.stream().map(ConsumerRecord::value).toList());
    }

    @Test
    void createsCompactedTopics() throws Exception {
        kafka.createCompactedTopic("models", 1);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "models");
            Config config = admin.describeConfigs(Set.of(topic)).all().get().get(topic);
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
        }
    }

    @Test
    void compactionKeepsOnlyTheLatestValuePerKey() throws Exception {
        // roll segments at once and clean whatever is dirty, so the cleaner acts within the test
        kafka.createTopics(new NewTopic("compacted", 1, (short) 1).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_MS_CONFIG, "100",
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01",
                TopicConfig.DELETE_RETENTION_MS_CONFIG, "100")));
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            for (int version = 1; version <= 5; version++) {
                producer.send(new ProducerRecord<>("compacted", "lstm", "v" + version)).get();
            }
            Thread.sleep(200);
            // an append after segment.ms rolls the segment, which makes the older records cleanable
            producer.send(new ProducerRecord<>("compacted", "gru", "v1")).get();
        }
        List<String> lstmValues = List.of();
        long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            lstmValues = readAll("compacted").stream().filter(r -> r.key().equals("lstm"))
                    .map(ConsumerRecord::value).toList();
            if (lstmValues.size() == 1) {
                break;
            }
            Thread.sleep(250);
        }
        assertEquals(List.of("v5"), lstmValues);
    }

    @Test
    void runsTwoBrokersSideBySideInOneJvm() throws Exception {
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().port(0).start()) {
            assertNotEquals(kafka.port(), second.port());
            second.createTopic("only-on-second", 1);
            try (Admin first = Admin.create(kafka.clientProperties());
                    Admin other = Admin.create(second.clientProperties())) {
                assertTrue(other.listTopics().names().get().contains("only-on-second"));
                assertFalse(first.listTopics().names().get().contains("only-on-second"));
                assertNotEquals(first.describeCluster().clusterId().get(), other.describeCluster().clusterId().get());
            }
        }
    }

    @Test
    void keepsAGivenDataDirectoryAcrossRestarts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("kafka");
        String clusterId;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(0).dataDir(data).start()) {
            broker.createTopic("kept", 1);
            try (Admin admin = Admin.create(broker.clientProperties())) {
                clusterId = admin.describeCluster().clusterId().get();
            }
        }
        assertTrue(Files.isDirectory(data), "a given data directory is not deleted");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(0).dataDir(data).start();
                Admin admin = Admin.create(broker.clientProperties())) {
            assertEquals(clusterId, admin.describeCluster().clusterId().get());
            assertTrue(admin.listTopics().names().get().contains("kept"));
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putAll(extra);
        return new KafkaProducer<>(props);
    }

    /** Every record of a one-partition topic, from the start, without a consumer group. */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, int expected, String isolation) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
