package io.lstmstreams.metrics;

import io.lstmstreams.stream.ForecastTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Ties a {@link KafkaStreams} client to the registry: Kafka Streams' own metrics (threads, tasks,
 * consumers and producers: commit rate, lag, ...) through Micrometer's {@link KafkaStreamsMetrics},
 * and the keys-tracked gauge.
 *
 * <p>Keys tracked is the series-state store's own estimate over the active tasks of this instance
 * ({@code approximateNumEntries}, RocksDB's estimate of its keys). Counting keys created would
 * drift: a key that moves to another instance in a rebalance is not created there, nor removed
 * here, and keys are never deleted. The estimate follows the assignment, at the price of being
 * approximate (RocksDB may over-count recently overwritten keys).
 */
public final class StreamsBinding implements AutoCloseable {
    private final KafkaStreamsMetrics kafkaMetrics;

    private StreamsBinding(KafkaStreamsMetrics kafkaMetrics) {
        this.kafkaMetrics = kafkaMetrics;
    }

    /** Binds {@code streams}' metrics to {@code registry} and points the keys gauge of {@code metrics} at it. */
    public static StreamsBinding bind(KafkaStreams streams, MeterRegistry registry, StreamMetrics metrics) {
        KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
        kafka.bindTo(registry);
        metrics.trackKeys(() -> keysTracked(streams));
        return new StreamsBinding(kafka);
    }

    /** The active series-state stores' key estimate, NaN while they cannot be queried. */
    static double keysTracked(KafkaStreams streams) {
        if (!streams.state().isRunningOrRebalancing()) {
            return Double.NaN;
        }
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    ForecastTopology.SERIES_STATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            return store.approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            // migrating or restoring: the next scrape will tell
            return Double.NaN;
        }
    }

    /** Stops Micrometer's refresh of Kafka's metric list. */
    @Override
    public void close() {
        kafkaMetrics.close();
    }
}
