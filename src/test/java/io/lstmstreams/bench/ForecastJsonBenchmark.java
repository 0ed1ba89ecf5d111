package io.lstmstreams.bench;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.ForecastJson;
import io.lstmstreams.event.JacksonForecastWriter;
import java.util.Collection;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
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
 * Writing one forecast (horizon 5, values of a few hundred with full double precision, as the
 * engine makes them) as JSON: {@link ForecastJson#write}, which writes bytes directly with twelve
 * significant digits per number, against the document at full double precision through Jackson's
 * streaming generator with its Schubfach double writer (the writer it replaced), in the same run.
 * Prints the ratio.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ForecastJsonBenchmark {
    private static final int FORECASTS = 1024;
    private Forecast[] forecasts;
    private int next;

    @Setup
    public void setUp() {
        Random random = new Random(5);
        forecasts = new Forecast[FORECASTS];
        for (int i = 0; i < FORECASTS; i++) {
            long origin = 1_700_000_000_000L + i * 1_800_000L;
            long[] targets = new long[5];
            double[] value = new double[5];
            double[] lo = new double[5];
            double[] hi = new double[5];
            for (int h = 0; h < 5; h++) {
                targets[h] = origin + (h + 1) * 1_800_000L;
                value[h] = 500 + random.nextGaussian() * 100;
                lo[h] = value[h] - 20 - random.nextDouble() * 10;
                hi[h] = value[h] + 20 + random.nextDouble() * 10;
            }
            forecasts[i] = new Forecast(String.format(Locale.ROOT, "series-%05d", i), origin, 3, targets, value, lo,
                    hi);
        }
    }

    @Benchmark
    public byte[] direct() {
        return ForecastJson.write(forecasts[next++ & (FORECASTS - 1)]);
    }

    @Benchmark
    public byte[] jacksonGenerator() {
        return JacksonForecastWriter.writeFullPrecision(forecasts[next++ & (FORECASTS - 1)]);
    }

    /** Runs both and prints ns per forecast and the generator / direct ratio. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(ForecastJsonBenchmark.class.getName())
                .build()).run();
        double direct = 0;
        double jackson = 0;
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            if (r.getParams().getBenchmark().endsWith(".direct")) {
                direct = score;
            } else {
                jackson = score;
            }
        }
        System.out.printf(Locale.ROOT, "%nforecast JSON, ns per forecast: direct %.0f, Jackson generator %.0f, "
                + "generator / direct %.2f%n", direct, jackson, jackson / direct);
    }
}
