package io.lstmstreams.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the application's topics that do not exist yet; existing ones are left exactly as they
 * are. The models topic gets one partition (every instance reads all of it anyway) and
 * compaction (the newest artefact per model name is what matters). The segments topic gets one
 * partition too: the trainers of all instances form one consumer group on it, and a single
 * partition is what lets the group hand it to exactly one member, the active trainer, while the
 * others stand by. The other topics get the configured partitions. Kafka Streams creates its own
 * internal topics (changelogs) itself.
 */
final class TopicCreator {
    /** One: the trainers' consumer group gives a single partition to a single member. */
    static final int SEGMENTS_PARTITIONS = 1;
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private TopicCreator() {
    }

    /**
     * @param partitions partitions of every topic but models and segments
     * @param replication replication factor, or -1 for the broker's default
     * @param timeoutMillis how long to wait for the cluster
     * @return the names of the topics created
     */
    static List<String> createMissing(Admin admin, Topics topics, int partitions, short replication,
            long timeoutMillis) {
        Optional<Short> factor = replication == -1 ? Optional.empty() : Optional.of(replication);
        try {
            Set<String> existing = admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?, ?> topic : topics.all()) {
                if (existing.contains(topic.name())) {
                    continue;
                }
                if (topic == topics.models()) {
                    missing.add(new NewTopic(topic.name(), Optional.of(1), factor).configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
                } else if (topic == topics.segments()) {
                    missing.add(new NewTopic(topic.name(), Optional.of(SEGMENTS_PARTITIONS), factor));
                } else {
                    missing.add(new NewTopic(topic.name(), Optional.of(partitions), factor));
                }
            }
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> e : admin.createTopics(missing,
                    new CreateTopicsOptions().timeoutMs((int) timeoutMillis)).values().entrySet()) {
                try {
                    e.getValue().get(timeoutMillis, TimeUnit.MILLISECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    // another instance starting at the same moment may have won the race: fine
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + ": "
                                + ex.getCause().getMessage(), ex.getCause());
                    }
                }
            }
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
            return created;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster did not answer within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
