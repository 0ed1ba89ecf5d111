package io.lstmstreams.broker;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The server properties of a single-node KRaft cluster: one process that is both broker and
 * controller, sized for a laptop and for tests rather than for production.
 */
final class KraftProperties {
    /** The listener clients use when they need not authenticate; brokers use it too. */
    static final String CLIENT_LISTENER = "PLAINTEXT";
    /** The listener clients use when they must authenticate with SASL/SCRAM. */
    static final String SASL_CLIENT_LISTENER = "SASL_PLAINTEXT";
    /** With SASL for clients: the brokers' own PLAINTEXT listener, on loopback. */
    static final String INTERNAL_LISTENER = "INTERNAL";
    /** The listener the controller quorum uses; never advertised to clients. */
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final int NODE_ID = 1;
    static final String HOST = "localhost";

    /** The smallest segment Kafka 4 accepts (its validator says at least 1 MiB). */
    private static final int SEGMENT_BYTES = 1024 * 1024;
    /** The log cleaner's dedupe buffer defaults to 128 MiB of heap; a few MiB compact small topics. */
    private static final int CLEANER_DEDUPE_BUFFER_BYTES = 4 * 1024 * 1024;
    /** Internal topics default to 50 partitions, which slows the first group join and transaction. */
    private static final int INTERNAL_TOPIC_PARTITIONS = 5;

    private KraftProperties() {
    }

    /**
     * The ports of the node's listeners.
     *
     * @param client the listener clients bootstrap from
     * @param controller the controller quorum's
     * @param internal the brokers' own PLAINTEXT listener when clients use SASL; 0 when they do not
     *     and brokers share the client listener
     */
    record Ports(int client, int controller, int internal) {
        boolean separateInternal() {
            return internal != 0;
        }
    }

    /** Clients on PLAINTEXT, without authentication. */
    static Properties create(int clientPort, int controllerPort, Path dataDir, boolean autoCreateTopics,
            Map<String, String> overrides) {
        return create(new Ports(clientPort, controllerPort, 0), null, dataDir, autoCreateTopics, overrides);
    }

    /**
     * @param ports the listeners' ports
     * @param scramMechanism null for clients on PLAINTEXT; else the SCRAM mechanism clients must
     *     authenticate with on a SASL_PLAINTEXT listener, while brokers talk on an internal PLAINTEXT
     *     listener ({@code ports.internal()} must then be set)
     * @param dataDir the one directory holding both the metadata log and the topic data
     * @param autoCreateTopics whether producing to an unknown topic creates it
     * @param overrides further server properties; applied last, so they win
     */
    static Properties create(Ports ports, String scramMechanism, Path dataDir, boolean autoCreateTopics,
            Map<String, String> overrides) {
        if ((scramMechanism != null) != ports.separateInternal()) {
            throw new IllegalArgumentException("an internal listener port goes with SASL for clients, and only then");
        }
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        // a static voter set: the controller address comes from this config on every start, so a kept
        // data directory still works when the controller port differs from the last run
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + ports.controller());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        if (scramMechanism == null) {
            props.put("listeners", listener(CLIENT_LISTENER, ports.client()) + "," + listener(CONTROLLER_LISTENER,
                    ports.controller()));
            props.put("advertised.listeners", listener(CLIENT_LISTENER, ports.client()));
            props.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER
                    + ":PLAINTEXT");
            props.put("inter.broker.listener.name", CLIENT_LISTENER);
        } else {
            saslClientListener(props, ports, scramMechanism);
        }
        props.put("log.dirs", dataDir.toAbsolutePath().toString());

        // one replica of everything, and no waiting for more group members that will never come
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", String.valueOf(INTERNAL_TOPIC_PARTITIONS));
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", String.valueOf(INTERNAL_TOPIC_PARTITIONS));
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("auto.create.topics.enable", String.valueOf(autoCreateTopics));

        // small footprint: small segments, a small cleaner buffer, few threads (the box has two cores)
        props.put("log.segment.bytes", String.valueOf(SEGMENT_BYTES));
        props.put("offsets.topic.segment.bytes", String.valueOf(SEGMENT_BYTES));
        props.put("transaction.state.log.segment.bytes", String.valueOf(SEGMENT_BYTES));
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(CLEANER_DEDUPE_BUFFER_BYTES));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("background.threads", "2");
        props.put("log.cleaner.threads", "1");

        props.putAll(overrides);
        return props;
    }

    /**
     * Clients on SASL_PLAINTEXT with one SCRAM mechanism, checked against the credentials in the
     * cluster metadata; the server side of SCRAM needs a JAAS entry without credentials of its own.
     * Brokers talk on the internal listener, which is advertised too (the inter-broker listener must
     * be), but a client only ever learns the addresses of the listener it bootstrapped from.
     */
    private static void saslClientListener(Properties props, Ports ports, String scramMechanism) {
        props.put("listeners", listener(SASL_CLIENT_LISTENER, ports.client()) + ","
                + listener(INTERNAL_LISTENER, ports.internal()) + "," + listener(CONTROLLER_LISTENER, ports.controller()));
        props.put("advertised.listeners", listener(SASL_CLIENT_LISTENER, ports.client()) + ","
                + listener(INTERNAL_LISTENER, ports.internal()));
        props.put("listener.security.protocol.map", SASL_CLIENT_LISTENER + ":SASL_PLAINTEXT," + INTERNAL_LISTENER
                + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", INTERNAL_LISTENER);
        props.put("sasl.enabled.mechanisms", scramMechanism);
        props.put("listener.name." + SASL_CLIENT_LISTENER.toLowerCase(Locale.ROOT) + "."
                + scramMechanism.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    }

    private static String listener(String name, int port) {
        return name + "://" + HOST + ":" + port;
    }
}
