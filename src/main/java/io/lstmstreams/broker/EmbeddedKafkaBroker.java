package io.lstmstreams.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster in this JVM: one KRaft process that is broker and controller,
 * built from Kafka's own server classes. Used by the {@code demo} and {@code broker} commands and by
 * the integration tests; clients reach it at {@link #bootstrapServers()} like any other cluster.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().port(0).start()) {
 *     kafka.createTopic("events", 4);
 *     ... clients with bootstrap.servers = kafka.bootstrapServers() ...
 * }
 * }</pre>
 *
 * <p>A fatal fault inside the broker halts the JVM, as it does in a standalone Kafka process.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    /** The port a Kafka client tries first. */
    public static final int DEFAULT_PORT = 9092;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** Attempts to start when ports were picked here and someone else took one in the meantime. */
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, int controllerPort, Path dataDir,
            boolean deleteDataDirOnClose) {
        this.server = server;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:9092}. */
    public String bootstrapServers() {
        return KraftProperties.HOST + ":" + port;
    }

    /** The port of the client (PLAINTEXT) listener. */
    public int port() {
        return port;
    }

    /** The port of the controller listener; clients never need it. */
    public int controllerPort() {
        return controllerPort;
    }

    /** The directory holding the metadata log and the topic data. */
    public Path dataDir() {
        return dataDir;
    }

    /** Client properties that reach this broker: only {@code bootstrap.servers}; add the rest. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** Creates a topic with one replica per partition (the only broker). */
    public void createTopic(String name, int partitions) {
        createTopics(new NewTopic(name, partitions, (short) 1));
    }

    /** Creates a log-compacted topic (latest value per key is kept), e.g. the models topic. */
    public void createCompactedTopic(String name, int partitions) {
        createTopics(new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /** Creates topics and waits until the broker has them all; fails if any already exists. */
    public void createTopics(NewTopic... topics) {
        createTopics(Arrays.asList(topics));
    }

    /** Creates topics and waits until the broker has them all; fails if any already exists. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating topics " + topicNames(topics) + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topics " + topicNames(topics) + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + topicNames(topics), e);
        }
    }

    /** Stops the broker and, when the data directory was a temporary one, deletes it. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
            LOG.info("Kafka broker at {} stopped", bootstrapServers());
        } finally {
            if (deleteDataDirOnClose) {
                deleteQuietly(dataDir);
            }
        }
    }

    private static List<String> topicNames(Collection<NewTopic> topics) {
        List<String> names = new ArrayList<>();
        topics.forEach(t -> names.add(t.name()));
        return names;
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }

    /** Settings of an {@link EmbeddedKafkaBroker}; {@link #start()} formats storage and starts it. */
    public static final class Builder {
        private int port = DEFAULT_PORT;
        private Path dataDir;
        private boolean autoCreateTopics;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private final List<String> scramCredentials = new ArrayList<>();

        private Builder() {
        }

        /** Port of the client listener: default {@value #DEFAULT_PORT}; 0 picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * A directory to keep the data in across runs (created and formatted when empty). Without
         * one, a temporary directory is used and deleted on close.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Whether producing to or fetching metadata of an unknown topic creates it (default false). */
        public Builder autoCreateTopics(boolean autoCreateTopics) {
            this.autoCreateTopics = autoCreateTopics;
            return this;
        }

        /** Any Kafka server property, applied after (and so overriding) the embedded defaults. */
        public Builder brokerProperty(String name, String value) {
            brokerProperties.put(name, value);
            return this;
        }

        /** Kafka server properties, applied after (and so overriding) the embedded defaults. */
        public Builder brokerProperties(Map<String, String> properties) {
            brokerProperties.putAll(properties);
            return this;
        }

        /**
         * A SCRAM credential written into the cluster's bootstrap metadata when the storage is
         * formatted, as {@code kafka-storage.sh format --add-scram} does, e.g.
         * {@code SCRAM-SHA-256=[name=alice,password=alice-secret]}. Ignored for a kept directory
         * that is already formatted.
         */
        public Builder scramCredential(String credential) {
            scramCredentials.add(credential);
            return this;
        }

        /** Formats the data directory if needed and starts the broker; returns once it is serving. */
        public EmbeddedKafkaBroker start() {
            boolean temporary = dataDir == null;
            Path dir = temporary ? createTempDir() : dataDir;
            try {
                ensureFormatted(dir);
                return startWithRetries(dir, temporary);
            } catch (RuntimeException e) {
                if (temporary) {
                    deleteQuietly(dir);
                }
                throw e;
            }
        }

        private EmbeddedKafkaBroker startWithRetries(Path dir, boolean temporary) {
            for (int attempt = 1;; attempt++) {
                int clientPort = port == 0 ? FreePort.find() : port;
                int ctrlPort = FreePort.find();
                try {
                    return startOnce(dir, temporary, clientPort, ctrlPort);
                } catch (RuntimeException e) {
                    // a port picked here (the controller's always) may have been taken since: retry;
                    // a fixed client port that is in use is the caller's problem
                    boolean portRace = causeChainHas(e, BindException.class)
                            && (port == 0 || causeChainMentions(e, ":" + ctrlPort));
                    if (!portRace || attempt == START_ATTEMPTS) {
                        throw e;
                    }
                    LOG.warn("port {} or {} was taken meanwhile; retrying with new ports", clientPort, ctrlPort);
                }
            }
        }

        private EmbeddedKafkaBroker startOnce(Path dir, boolean temporary, int clientPort, int ctrlPort) {
            long startNanos = System.nanoTime();
            KafkaConfig config = KafkaConfig.fromProps(
                    KraftProperties.create(clientPort, ctrlPort, dir, autoCreateTopics, brokerProperties), false);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, clientPort, ctrlPort, dir, temporary);
            LOG.info("Kafka broker at {} started in {} ms (data in {})", broker.bootstrapServers(),
                    (System.nanoTime() - startNanos) / 1_000_000, dir);
            return broker;
        }

        private void ensureFormatted(Path dir) {
            if (StorageFormat.isFormatted(dir)) {
                return;
            }
            try {
                StorageFormat.format(dir, KraftProperties.NODE_ID, KraftProperties.CONTROLLER_LISTENER,
                        scramCredentials);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot format Kafka data directory " + dir, e);
            }
        }

        private static Path createTempDir() {
            try {
                return Files.createTempDirectory("lstm-streams-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary Kafka data directory", e);
            }
        }

        private static boolean causeChainMentions(Throwable e, String text) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null && t.getMessage().contains(text)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean causeChainHas(Throwable e, Class<? extends Throwable> type) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }
    }
}
