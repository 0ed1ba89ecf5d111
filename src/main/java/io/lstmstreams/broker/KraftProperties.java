package io.lstmstreams.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The server properties of a single-node KRaft cluster: one process that is both broker and
 * controller, sized for a laptop and for tests rather than for production.
 */
final class KraftProperties {
    /** The listener clients use. */
    static final String CLIENT_LISTENER = "PLAINTEXT";
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
     * @param clientPort port of the PLAINTEXT listener
     * @param controllerPort port of the controller listener
     * @param dataDir the one directory holding both the metadata log and the topic data
     * @param autoCreateTopics whether producing to an unknown topic creates it
     * @param overrides further server properties; applied last, so they win
     */
    static Properties create(int clientPort, int controllerPort, Path dataDir, boolean autoCreateTopics,
            Map<String, String> overrides) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        // a static voter set: the controller address comes from this config on every start, so a kept
        // data directory still works when the controller port differs from the last run
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
        props.put("listener.security.protocol.map", CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
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
}
