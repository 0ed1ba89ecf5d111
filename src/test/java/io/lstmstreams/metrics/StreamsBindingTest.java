package io.lstmstreams.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.AppConfig;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.stream.ForecastTopology;
import io.lstmstreams.stream.ModelDecoder;
import io.lstmstreams.stream.StreamCounters;
import io.lstmstreams.stream.Topics;
import io.lstmstreams.training.KernelExport;
import io.lstmstreams.training.ModelFormatException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka Streams' metrics appear once a client is built, before it starts (no broker needed). */
class StreamsBindingTest {
    @TempDir
    Path stateDir;

    /** A Kafka Streams client over the real topology, never started. */
    static KafkaStreams unstartedStreams(Path stateDir) {
        Properties p = new Properties();
        p.setProperty("state.dir", stateDir.toString());
        p.setProperty("bootstrap.servers", "localhost:1");
        AppConfig config = AppConfig.fromProperties(p);
        ModelHolder models = new ModelHolder(new ForecastModel(0, KernelExport.fromFlatParams(config.engine(),
                new float[KernelExport.paramCount(config.engine())])));
        ModelDecoder none = bytes -> {
            throw new ModelFormatException(ModelFormatException.Reason.UNKNOWN_FORMAT, "no models here");
        };
        return new KafkaStreams(ForecastTopology.build(Topics.withPrefix(config.topicPrefix()), config.engine(),
                models, none, StreamCounters.none()), config.toStreamsProperties());
    }

    @Test
    void shouldExposeKafkaStreamsMetricsAndAnUnknownKeyCountBeforeTheClientRuns() {
        try (Observability obs = Observability.create(5); KafkaStreams streams = unstartedStreams(stateDir)) {
            obs.bindStreams(streams);
            Scrape s = Scrape.parse(obs.scrape());
            Set<String> names = s.names();
            for (String name : Set.of("kafka_stream_thread_commit_rate", "kafka_stream_thread_process_rate",
                    "kafka_consumer_fetch_manager_records_lag_max", "kafka_stream_alive_stream_threads",
                    "jvm_memory_used_bytes", "process_cpu_usage", "lstm_events_in_total")) {
                assertTrue(names.contains(name), name + " missing");
            }
            assertTrue(Double.isNaN(s.value("lstm_keys_tracked")), "stores are not queryable before start");
        }
    }
}
