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
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.security.auth.SecurityProtocol;
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
 * <p>With {@link Builder#scramUser} clients must authenticate: the client listener is
 * SASL_PLAINTEXT with {@value #SCRAM_MECHANISM}, the users exist in the cluster metadata from the
 * first start, and {@link #clientProperties()} carries the first user's credentials.
 *
 * <p>A fatal fault inside the broker halts the JVM, as it does in a standalone Kafka process.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    /** The port a Kafka client tries first. */
    public static final int DEFAULT_PORT = 9092;
    /** The SASL mechanism of the client listener when there are {@linkplain Builder#scramUser SCRAM users}. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /** Attempts to start when ports were picked here and someone else took one in the meantime. */
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final ScramUser clientUser;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, int controllerPort, Path dataDir,
            boolean deleteDataDirOnClose, ScramUser clientUser) {
        this.server = server;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.deleteDataDirOnClose = deleteDataDirOnClose;
        this.clientUser = clientUser;
    }

    /**
     * A user that clients authenticate as with {@value #SCRAM_MECHANISM}. Neither part may hold
     * {@code ,}, {@code "} or {@code \}, which the storage tool's and JAAS syntax cannot carry.
     */
    public record ScramUser(String name, String password) {
        public ScramUser {
            requireCarriable("SCRAM user name", name);
            requireCarriable("SCRAM password", password);
        }

        /** The client setting {@code sasl.jaas.config} that logs in as this user. */
        public String jaasConfig() {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + name
                    + "\" password=\"" + password + "\";";
        }

        /** The {@code --add-scram} argument of {@code kafka-storage.sh format} that creates this user. */
        String storageArgument() {
            return SCRAM_MECHANISM + "=[name=\"" + name + "\",password=\"" + password + "\"]";
        }

        @Override
        public String toString() {
            return "ScramUser[name=" + name + ", password=[hidden]]";
        }

        private static void requireCarriable(String what, String value) {
            if (value == null || value.isBlank() || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\\')) {
                throw new IllegalArgumentException(what + " must be non-blank, without , \" or \\");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:9092}. */
    public String bootstrapServers() {
        return KraftProperties.HOST + ":" + port;
    }

    /** The port of the client listener (PLAINTEXT, or SASL_PLAINTEXT with SCRAM users). */
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

    /**
     * Client properties that reach this broker: {@code bootstrap.servers} and, with SCRAM users, the
     * security settings that log in as the first one; add the rest.
     */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (clientUser != null) {
            props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
            props.put(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
            props.put(SaslConfigs.SASL_JAAS_CONFIG, clientUser.jaasConfig());
        }
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
        private final List<ScramUser> scramUsers = new ArrayList<>();

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
         * Makes clients authenticate, and adds a user they may authenticate as. With one or more
         * users the client listener is SASL_PLAINTEXT with {@value #SCRAM_MECHANISM}; the broker
         * talks to itself on a separate PLAINTEXT listener on loopback. The users are written into
         * the cluster's bootstrap metadata when the storage is formatted, as
         * {@code kafka-storage.sh format --add-scram} does; a kept directory that is already
         * formatted keeps the users it was formatted with.
         */
        public Builder scramUser(String name, String password) {
            scramUsers.add(new ScramUser(name, password));
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
                KraftProperties.Ports ports = new KraftProperties.Ports(port == 0 ? FreePort.find() : port,
                        FreePort.find(), scramUsers.isEmpty() ? 0 : FreePort.find());
                try {
                    return startOnce(dir, temporary, ports);
                } catch (RuntimeException e) {
                    // a port picked here (the controller's and internal one always) may have been taken
                    // since: retry; a fixed client port that is in use is the caller's problem
                    boolean portRace = causeChainHas(e, BindException.class) && (port == 0
                            || causeChainMentions(e, ":" + ports.controller())
                            || (ports.separateInternal() && causeChainMentions(e, ":" + ports.internal())));
                    if (!portRace || attempt == START_ATTEMPTS) {
                        throw e;
                    }
                    LOG.warn("one of ports {} was taken meanwhile; retrying with new ports", ports);
                }
            }
        }

        private EmbeddedKafkaBroker startOnce(Path dir, boolean temporary, KraftProperties.Ports ports) {
            long startNanos = System.nanoTime();
            KafkaConfig config = KafkaConfig.fromProps(KraftProperties.create(ports,
                    scramUsers.isEmpty() ? null : SCRAM_MECHANISM, dir, autoCreateTopics, brokerProperties), false);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, ports.client(), ports.controller(), dir,
                    temporary, scramUsers.isEmpty() ? null : scramUsers.get(0));
            LOG.info("Kafka broker at {} started in {} ms ({}; data in {})", broker.bootstrapServers(),
                    (System.nanoTime() - startNanos) / 1_000_000,
                    scramUsers.isEmpty() ? "PLAINTEXT" : "SASL_PLAINTEXT, " + SCRAM_MECHANISM, dir);
            return broker;
        }

        private void ensureFormatted(Path dir) {
            if (StorageFormat.isFormatted(dir)) {
                return;
            }
            try {
                StorageFormat.format(dir, KraftProperties.NODE_ID, KraftProperties.CONTROLLER_LISTENER,
                        scramUsers.stream().map(ScramUser::storageArgument).toList());
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
