package io.lstmstreams.bench;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastEngine;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.event.Observation;
import io.lstmstreams.training.KernelExport;
import io.lstmstreams.training.NetworkFactory;
import java.util.Properties;

/**
 * Prints the encoded size of one key's state after {@code events} events, split into the window
 * and everything else, for hidden sizes given as arguments (default 32).
 * Usage: {@code StateSizeReport [events] [hidden...]}.
 */
public final class StateSizeReport {
    private StateSizeReport() {
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String[] sizes = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[] {"32"};
        System.out.println("hidden  events  window  state_bytes  window_bytes  other_bytes");
        for (String hidden : sizes) {
            Properties p = new Properties();
            p.setProperty("model.hidden", hidden);
            EngineConfig config = EngineConfig.fromProperties(p);
            ForecastEngine engine = new ForecastEngine(config, new ModelHolder(new ForecastModel(0,
                    KernelExport.fromNetwork(NetworkFactory.create(config)))));
            SeriesState state = null;
            for (int i = 0; i < events; i++) {
                // 30-minute steps, a daily cycle with noise
                double value = 100 + 30 * Math.sin(i * 2 * Math.PI / 48) + (i * 7919 % 13);
                state = engine.process(state, Observation.of("sensor-1", 1_400_000_000_000L + i * 1_800_000L, value))
                        .state();
            }
            SeriesStateCodec codec = new SeriesStateCodec(config);
            int total = codec.encode(state).length;
            int windowSize = state.window().size();
            // window: a varint count, one 8-byte timestamp, the first delta, then one-byte zero
            // delta-of-deltas (the steps are regular), one float per value
            int windowBytes = varintBytes(windowSize) + 8 + varintBytes(2 * 1_800_000L) + (windowSize - 2)
                    + windowSize * 4;
            System.out.printf("%6s  %6d  %6d  %11d  %12d  %11d%n", hidden, events, windowSize, total, windowBytes,
                    total - windowBytes);
        }
    }

    private static int varintBytes(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }
}
