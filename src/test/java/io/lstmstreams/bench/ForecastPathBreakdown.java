package io.lstmstreams.bench;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastEngine;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.engine.StepResult;
import io.lstmstreams.engine.WindowChunkCodec;
import io.lstmstreams.event.ForecastSerde;
import io.lstmstreams.event.ObservationParser;
import io.lstmstreams.event.ParseResult;
import io.lstmstreams.stream.SegmentSerde;
import io.lstmstreams.stream.WindowChunkKey;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Where the forecasting processor's own time goes, without Kafka: the same events in the same
 * order through the same pieces the processor calls (parse, state decode, engine step, state
 * encode, forecast and segment serialisation), with a hash map standing in for the store. The
 * difference between this sum and the end-to-end cost per event is Kafka Streams, RocksDB, the
 * changelog and the producer.
 */
final class ForecastPathBreakdown {
    private static final String[] PARTS = {"parse JSON", "decode state", "engine step", "encode state",
        "forecast JSON", "segment bytes"};

    private final EngineConfig config;
    private final ModelHolder models;

    ForecastPathBreakdown(EngineConfig config, ModelHolder models) {
        this.config = config;
        this.models = models;
    }

    /** Mean microseconds per event of each part, after a warm-up pass over fresh keys. */
    Result run(SyntheticSeries series, long events) {
        pass(series, Math.min(events, 100_000));
        return pass(series, events);
    }

    private Result pass(SyntheticSeries series, long events) {
        ObservationParser parser = new ObservationParser();
        SeriesStateCodec codec = new SeriesStateCodec(config);
        ForecastEngine engine = new ForecastEngine(config, models);
        Serializer<io.lstmstreams.event.Forecast> forecasts = new ForecastSerde().serializer();
        Serializer<io.lstmstreams.training.Segment> segments = new SegmentSerde().serializer();
        Map<String, byte[]> store = new HashMap<>();
        Map<String, byte[]> windowStore = new HashMap<>();
        WindowChunkCodec chunks = codec.chunks();
        long[] nanos = new long[PARTS.length];
        long stateBytes = 0;
        long forecastBytes = 0;
        long segmentBytes = 0;
        long segmentCount = 0;
        int keys = series.keys();
        for (long i = 0; i < events; i++) {
            int k = (int) (i % keys);
            byte[] key = series.key(k);
            byte[] value = series.json(k, i / keys);
            long t0 = System.nanoTime();
            ParseResult parsed = parser.parse(key, value, 0L);
            long t1 = System.nanoTime();
            String id = parsed.observation().seriesId();
            byte[] stored = store.get(id);
            // what a miss in the record cache costs: a hit skips the decoding (ForecastProcessor)
            SeriesState state = stored == null ? null
                    : codec.decode(stored, n -> windowStore.get(WindowChunkKey.of(id, n)));
            long t2 = System.nanoTime();
            StepResult result = engine.process(state, parsed.observation());
            long t3 = System.nanoTime();
            byte[] encoded = codec.encode(result.state());
            store.put(id, encoded);
            long sealed = chunks.sealedBy(result.state());
            if (sealed >= 0) {
                byte[] chunk = chunks.encode(result.state(), sealed);
                windowStore.put(WindowChunkKey.of(id, sealed), chunk);
                stateBytes += chunk.length;
            }
            long expired = chunks.expiredBy(result.state());
            if (expired >= 0) {
                windowStore.remove(WindowChunkKey.of(id, expired));
            }
            long t4 = System.nanoTime();
            forecastBytes += forecasts.serialize("forecasts", result.forecast()).length;
            long t5 = System.nanoTime();
            if (result.segment() != null) {
                segmentBytes += segments.serialize("segments", result.segment()).length;
                segmentCount++;
            }
            long t6 = System.nanoTime();
            nanos[0] += t1 - t0;
            nanos[1] += t2 - t1;
            nanos[2] += t3 - t2;
            nanos[3] += t4 - t3;
            nanos[4] += t5 - t4;
            nanos[5] += t6 - t5;
            stateBytes += encoded.length;
        }
        double[] micros = new double[PARTS.length];
        for (int p = 0; p < PARTS.length; p++) {
            micros[p] = nanos[p] / 1000.0 / events;
        }
        return new Result(micros, stateBytes / (double) events, forecastBytes / (double) events,
                segmentCount == 0 ? 0 : segmentBytes / (double) segmentCount,
                segmentCount == 0 ? 0 : events / (double) segmentCount);
    }

    /**
     * @param micros mean µs per event, in the order of {@link #parts()}
     */
    record Result(double[] micros, double meanStateBytes, double meanForecastBytes, double meanSegmentBytes,
            double eventsPerSegment) {
        double totalMicros() {
            double sum = 0;
            for (double m : micros) {
                sum += m;
            }
            return sum;
        }
    }

    static String[] parts() {
        return PARTS.clone();
    }
}
