package io.lstmstreams.http;

import io.lstmstreams.stream.ForecastTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link SeriesLocator} over Kafka Streams' interactive queries: {@code queryMetadataForKey} names
 * the partition and the instance holding it; a partition among this instance's active tasks is read
 * from the local {@code series-state} store, any other is answered by the active host (its
 * {@code application.server}). Locality is decided from the task assignment rather than by
 * comparing host names, so it holds whatever name this instance advertises.
 */
final class KafkaSeriesLocator implements SeriesLocator {
    private final Supplier<KafkaStreams> streams;
    private final String self;

    /**
     * @param streams the client, null until it is created
     * @param self this instance's {@code application.server}, left out of {@link #peers()}
     */
    KafkaSeriesLocator(Supplier<KafkaStreams> streams, String self) {
        this.streams = streams;
        this.self = self;
    }

    @Override
    public Location locate(String seriesId) {
        KafkaStreams ks = streams.get();
        if (ks == null || !ks.state().isRunningOrRebalancing()) {
            return new Unavailable("Kafka Streams is " + (ks == null ? "not created" : ks.state()));
        }
        KeyQueryMetadata metadata;
        try {
            metadata = ks.queryMetadataForKey(ForecastTopology.SERIES_STATE_STORE, seriesId,
                    Serdes.String().serializer());
        } catch (IllegalStateException e) {
            return new Unavailable(e.getMessage());
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            return new Unavailable("no instance holds the series-state store yet");
        }
        int partition = metadata.partition();
        if (activeHere(ks, partition)) {
            try {
                ReadOnlyKeyValueStore<String, byte[]> store = ks.store(StoreQueryParameters
                        .fromNameAndType(ForecastTopology.SERIES_STATE_STORE,
                                QueryableStoreTypes.<String, byte[]>keyValueStore())
                        .withPartition(partition));
                return new Local(store.get(seriesId));
            } catch (InvalidStateStoreException e) {
                return new Unavailable("store partition " + partition + " is not queryable: " + e.getMessage());
            }
        }
        HostInfo host = metadata.activeHost();
        if (host == null || host.port() < 0) {
            return new Unavailable("partition " + partition + " is on an instance without application.server");
        }
        return new Remote(host.host() + ":" + host.port());
    }

    private static boolean activeHere(KafkaStreams ks, int partition) {
        for (ThreadMetadata thread : ks.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                // the forecast processor's sub-topology is the only one with a store per partition
                if (task.taskId().partition() == partition && task.taskId().subtopology() == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public List<String> peers() {
        KafkaStreams ks = streams.get();
        List<String> peers = new ArrayList<>();
        if (ks == null || !ks.state().isRunningOrRebalancing()) {
            return peers;
        }
        for (StreamsMetadata m : ks.metadataForAllStreamsClients()) {
            HostInfo h = m.hostInfo();
            String hostPort = h.host() + ":" + h.port();
            if (h.port() >= 0 && !hostPort.equals(self)) {
                peers.add(hostPort);
            }
        }
        return peers;
    }
}
