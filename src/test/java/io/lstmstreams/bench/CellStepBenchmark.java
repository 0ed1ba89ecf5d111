package io.lstmstreams.bench;

import io.lstmstreams.cell.NetworkStepper;
import io.lstmstreams.cell.RecurrentNetwork;
import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.training.KernelExport;
import io.lstmstreams.training.NetworkFactory;
import io.lstmstreams.training.TestNetworks;
import java.util.Collection;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One LSTM step, batch 1, input 10, horizon 5: the plain-Java kernel against DL4J's
 * {@code rnnTimeStep} on a {@code [1, 10, 1]} input, same weights (trained-looking), same run.
 * {@link #main} runs it and prints DL4J / kernel per hidden size; JMH options passed to main
 * override the defaults below (see docs/benchmarks-cell.md for the command).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CellStepBenchmark {
    private static final int N_IN = 10;
    private static final int HORIZON = 5;
    /** Inputs cycled through, so that the state keeps moving. */
    private static final int INPUTS = 64;

    @Param({"32", "64", "128"})
    public int hidden;

    private MultiLayerNetwork net;
    private NetworkStepper stepper;
    private float[] state;
    private float[] output;
    private float[][] inputs;
    private INDArray[] dl4jInputs;
    private int t;

    @Setup
    public void setUp() {
        EngineConfig config = TestNetworks.config(CellType.LSTM, HORIZON, true, true, hidden);
        if (config.inputSize() != N_IN) {
            throw new IllegalStateException("benchmark config has input " + config.inputSize());
        }
        net = NetworkFactory.create(config);
        TestNetworks.perturb(net, 0.5, 0.5, 1);
        RecurrentNetwork kernel = KernelExport.fromNetwork(net);
        stepper = kernel.newStepper();
        state = new float[kernel.stateSize()];
        output = new float[kernel.outputSize()];
        Random random = new Random(2);
        inputs = new float[INPUTS][N_IN];
        dl4jInputs = new INDArray[INPUTS];
        for (int i = 0; i < INPUTS; i++) {
            for (int j = 0; j < N_IN; j++) {
                inputs[i][j] = (float) random.nextGaussian();
            }
            dl4jInputs[i] = Nd4j.create(inputs[i], new long[] {1, N_IN, 1});
        }
        net.rnnClearPreviousState();
    }

    @Benchmark
    public float[] kernel() {
        stepper.step(state, inputs[t++ & (INPUTS - 1)], output);
        return output;
    }

    @Benchmark
    public INDArray dl4j() {
        return net.rnnTimeStep(dl4jInputs[t++ & (INPUTS - 1)]);
    }

    /** Runs the benchmark and prints us per step and the DL4J / kernel ratio per hidden size. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        if (!"1".equals(System.getenv("OMP_NUM_THREADS"))) {
            System.err.println("warning: OMP_NUM_THREADS is not 1; DL4J timings will vary with machine load");
        }
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(CellStepBenchmark.class.getName())
                .build()).run();
        // per hidden size: kernel mean, kernel best iteration, DL4J mean, DL4J best iteration; the
        // best iteration is the one least disturbed by other load on a small shared machine
        Map<Integer, double[]> byHidden = new TreeMap<>();
        for (RunResult r : results) {
            int h = Integer.parseInt(r.getParams().getParam("hidden"));
            int column = r.getParams().getBenchmark().endsWith(".kernel") ? 0 : 2;
            double[] row = byHidden.computeIfAbsent(h, k -> new double[4]);
            row[column] = r.getPrimaryResult().getScore();
            row[column + 1] = r.getPrimaryResult().getStatistics().getMin();
        }
        System.out.printf("%n%6s %12s %12s %12s %12s %12s %12s%n", "hidden", "kernel mean", "kernel best",
                "dl4j mean", "dl4j best", "ratio mean", "ratio best");
        byHidden.forEach((h, s) -> System.out.printf("%6d %12.3f %12.3f %12.1f %12.1f %12.0f %12.0f%n",
                h, s[0], s[1], s[2], s[3], s[2] / s[0], s[3] / s[1]));
        System.out.println("(us per step; ratio = DL4J / kernel)");
    }
}
