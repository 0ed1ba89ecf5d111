package io.lstmstreams.bench;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastEngine;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.engine.WindowChunkCodec;
import io.lstmstreams.event.Observation;
import io.lstmstreams.training.KernelExport;
import io.lstmstreams.training.NetworkFactory;
import java.util.Properties;

/**
 * Prints, for one key after {@code events} events, the bytes of its state blob (rewritten at every
 * event) and of the window chunks kept beside it (written once per chunk), for hidden sizes given
 * as arguments (default 32). Usage: {@code StateSizeReport [events] [hidden...]}.
 */
public final class StateSizeReport {
    private StateSizeReport() {
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String[] sizes = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[] {"32"};
        System.out.println("hidden  events  window  state_bytes  chunks  chunk_bytes  at_rest_bytes  written_per_event");
        for (String hidden : sizes) {
            Properties p = new Properties();
            p.setProperty("model.hidden", hidden);
            EngineConfig config = EngineConfig.fromProperties(p);
            ForecastEngine engine = new ForecastEngine(config, new ModelHolder(new ForecastModel(0,
                    KernelExport.fromNetwork(NetworkFactory.create(config)))));
            SeriesStateCodec codec = new SeriesStateCodec(config);
            WindowChunkCodec chunkCodec = codec.chunks();
            java.util.Map<Long, Integer> chunks = new java.util.TreeMap<>();
            SeriesState state = null;
            long written = 0;
            for (int i = 0; i < events; i++) {
                // 30-minute steps, a daily cycle with noise
                double value = 100 + 30 * Math.sin(i * 2 * Math.PI / 48) + (i * 7919 % 13);
                state = engine.process(state, Observation.of("sensor-1", 1_400_000_000_000L + i * 1_800_000L, value))
                        .state();
                written += codec.encode(state).length;
                long sealed = chunkCodec.sealedBy(state);
                if (sealed >= 0) {
                    int bytes = chunkCodec.encode(state, sealed).length;
                    chunks.put(sealed, bytes);
                    written += bytes;
                }
                chunks.remove(chunkCodec.expiredBy(state));
            }
            int blob = codec.encode(state).length;
            int chunkBytes = chunks.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("%6s  %6d  %6d  %11d  %6d  %11d  %13d  %17.0f%n", hidden, events, state.window().size(),
                    blob, chunks.size(), chunkBytes, blob + chunkBytes, written / (double) events);
        }
    }
}
