package io.lstmstreams.bench;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import io.lstmstreams.config.TargetMode;
import io.lstmstreams.training.NetworkFactory;
import io.lstmstreams.training.Segment;
import io.lstmstreams.training.TbpttTrainer;
import io.lstmstreams.training.TrainingOutcome;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training speed harness (not a test): seconds per epoch of LSTM TBPTT on a fixed synthetic problem,
 * median over timed epochs after warm-up. Compare with {@code bench/torch_training_speed.py}.
 *
 * <p>Problem: {@code sequences} × {@code steps} (default 64 × 256), 10 inputs (value + 4 calendar + 5
 * seasonal lags, the engine's input with default features), one LSTM layer of 32, horizon 5, TBPTT 32,
 * Adam 1e-3, minibatch {@code batch} (default 64, i.e. one minibatch and 8 TBPTT updates per epoch).
 *
 * <p>Modes: {@code trainer} = {@link TbpttTrainer#train}, what production runs (for LSTM without
 * dropout: libnd4j's fused lstmLayer ops); {@code fit} = DL4J's own {@code MultiLayerNetwork#fit} with
 * TBPTT (the LSTM layer's per-time-step ops), workspaces ENABLED (the default); {@code fit-nows} = the
 * same with workspaces NONE.
 *
 * <p>Args: {@code mode [sequences steps batch warmup epochs]}; {@code trainer} is our trainer on the fused
 * LSTM ops ({@code training.fused-lstm=true}), {@code trainer-layers} on DL4J's own layers (the default).
 * Set {@code OMP_NUM_THREADS}.
 */
public final class TrainingSpeedBenchmark {
    private static final int HIDDEN = 32;
    private static final int HORIZON = 5;
    private static final int TBPTT = 32;

    private TrainingSpeedBenchmark() {
    }

    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "trainer";
        int sequences = arg(args, 1, 64);
        int steps = arg(args, 2, 256);
        int batch = arg(args, 3, 64);
        int warmup = arg(args, 4, 3);
        int epochs = arg(args, 5, 10);
        EngineConfig cfg = new EngineConfig(HORIZON, CellType.LSTM, new int[] {HIDDEN}, true, false, 24, true,
                steps + 64, steps, steps, SegmentStart.ZEROS, 0, TBPTT, 0, Duration.ZERO, sequences, 1, batch,
                1e-3, 0, 0.0, 0.9, 42L, TargetMode.LEVEL, 0.0, !mode.equals("trainer-layers"));
        if (cfg.inputSize() != 10) {
            throw new IllegalStateException("expected 10 inputs, got " + cfg.inputSize());
        }
        List<Segment> data = data(sequences, steps, cfg.inputSize());
        Runnable epoch = switch (mode) {
            case "trainer", "trainer-layers" -> trainerEpoch(cfg, data);
            case "fit" -> fitEpoch(cfg, data, batch, WorkspaceMode.ENABLED);
            case "fit-nows" -> fitEpoch(cfg, data, batch, WorkspaceMode.NONE);
            default -> throw new IllegalArgumentException("mode: trainer | trainer-layers | fit | fit-nows");
        };
        for (int i = 0; i < warmup; i++) {
            epoch.run();
        }
        // wall time, and the process's CPU time, which is steadier on a shared, loaded machine
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] seconds = new double[epochs];
        double[] cpu = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            epoch.run();
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
        }
        Arrays.sort(seconds);
        Arrays.sort(cpu);
        double median = seconds[epochs / 2];
        System.out.printf("mode=%s sequences=%d steps=%d nIn=%d hidden=%d horizon=%d tbptt=%d batch=%d "
                + "OMP_NUM_THREADS=%s native=%s%n", mode, sequences, steps, cfg.inputSize(), HIDDEN, HORIZON, TBPTT,
                batch, System.getenv("OMP_NUM_THREADS"), System.getProperty("org.bytedeco.javacpp.platform.extension", ""));
        System.out.printf("median %.4f s/epoch (min %.4f, max %.4f, %d epochs after %d warm-up); "
                + "%.1f µs per sequence-step; process CPU median %.4f s/epoch (min %.4f)%n", median, seconds[0],
                seconds[epochs - 1], epochs, warmup, median / ((double) sequences * steps) * 1e6, cpu[epochs / 2],
                cpu[0]);
    }

    private static Runnable trainerEpoch(EngineConfig cfg, List<Segment> data) {
        TbpttTrainer trainer = new TbpttTrainer(cfg);
        float[][] params = {NetworkFactory.create(cfg).params().toFloatVector()};
        return () -> {
            TrainingOutcome out = trainer.train(params[0], data, List.of());
            params[0] = out.params();
        };
    }

    private static Runnable fitEpoch(EngineConfig cfg, List<Segment> data, int batch, WorkspaceMode ws) {
        MultiLayerConfiguration conf = NetworkFactory.create(cfg).getLayerWiseConfigurations().clone();
        conf.setTrainingWorkspaceMode(ws);
        conf.setInferenceWorkspaceMode(ws);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        List<INDArray[]> batches = new ArrayList<>();
        for (int i = 0; i < data.size(); i += batch) {
            batches.add(stack(data.subList(i, Math.min(data.size(), i + batch)), cfg));
        }
        return () -> {
            for (INDArray[] b : batches) {
                net.fit(b[0], b[1], null, null);
            }
        };
    }

    /** Features [mb, nIn, T] and labels [mb, horizon, T], no mask (every step counts). */
    private static INDArray[] stack(List<Segment> rows, EngineConfig cfg) {
        int mb = rows.size();
        int t = rows.get(0).steps();
        INDArray x = Nd4j.create(new long[] {mb, cfg.inputSize(), t}, 'f');
        INDArray y = Nd4j.create(new long[] {mb, cfg.horizon(), t}, 'f');
        for (int r = 0; r < mb; r++) {
            for (int s = 0; s < t; s++) {
                for (int k = 0; k < cfg.inputSize(); k++) {
                    x.putScalar(new long[] {r, k, s}, rows.get(r).inputs()[s][k]);
                }
                for (int k = 0; k < cfg.horizon(); k++) {
                    y.putScalar(new long[] {r, k, s}, rows.get(r).targets()[s][k]);
                }
            }
        }
        return new INDArray[] {x, y};
    }

    private static List<Segment> data(int sequences, int steps, int nIn) {
        Random random = new Random(1);
        List<Segment> out = new ArrayList<>();
        for (int n = 0; n < sequences; n++) {
            float[][] in = new float[steps][nIn];
            float[][] target = new float[steps][HORIZON];
            for (int s = 0; s < steps; s++) {
                for (int k = 0; k < nIn; k++) {
                    in[s][k] = (float) random.nextGaussian();
                }
                for (int k = 0; k < HORIZON; k++) {
                    target[s][k] = (float) random.nextGaussian();
                }
            }
            out.add(new Segment("b" + n, in, target, 0, null));
        }
        return out;
    }

    private static int arg(String[] args, int i, int def) {
        return args.length > i ? Integer.parseInt(args[i]) : def;
    }
}
