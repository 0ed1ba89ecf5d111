package io.lstmstreams.backtest;

import io.lstmstreams.config.EngineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backtest}: a data file through a forecaster, deterministic, with accuracy against the
 * shift and seasonal-naive baselines printed to stdout. Which forecaster is the caller's choice,
 * injected as a factory from the engine config, so this class never depends on the engine.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replay a CSV file through the forecaster and print accuracy against baselines.")
public final class BacktestCommand implements Callable<Integer> {

    private final Function<EngineConfig, Forecaster> forecasterFactory;

    @Spec
    private CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "CSV series_id,timestamp,value (gzip by name or content)")
    private Path input;

    @Option(names = "--config", paramLabel = "FILE", description = "engine properties file")
    private Path config;

    @Option(names = "--horizon", paramLabel = "H", description = "steps forecast and scored (default: the config's)")
    private Integer horizon;

    @Option(names = "--score-from", paramLabel = "N", defaultValue = "0",
            description = "score forecasts made at 0-based file row >= N (default: ${DEFAULT-VALUE})")
    private long scoreFrom;

    @Option(names = "--emit", paramLabel = "all|last", defaultValue = "all", converter = EmitModeConverter.class,
            description = "forecasts written to --output: every one, or each series' last (default: ${DEFAULT-VALUE})")
    private EmitMode emit;

    @Option(names = "--output", paramLabel = "FILE", description = "forecasts CSV")
    private Path output;

    @Option(names = "--season", paramLabel = "N",
            description = "seasonal-naive season in steps (default: the config's, else "
                    + BacktestOptions.DEFAULT_SEASON + ")")
    private Integer season;

    @Option(names = "--plot", paramLabel = "FILE", description = "PNG of actual vs forecast for one series")
    private Path plot;

    @Option(names = "--plot-series", paramLabel = "ID", description = "series to plot (default: the first)")
    private String plotSeries;

    @Option(names = "--plot-h", paramLabel = "H", defaultValue = "0", description = "step to plot (default: horizon)")
    private int plotH;

    @Option(names = "--plot-points", paramLabel = "N", defaultValue = "" + BacktestOptions.DEFAULT_PLOT_POINTS,
            description = "latest events plotted (default: ${DEFAULT-VALUE})")
    private int plotPoints;

    @Option(names = "--no-progress", description = "no progress bar")
    private boolean noProgress;

    @Option(names = "--strict", description = "fail at the first bad row instead of skipping and counting it")
    private boolean strict;

    /** @param forecasterFactory builds the forecaster under test from the engine config */
    public BacktestCommand(Function<EngineConfig, Forecaster> forecasterFactory) {
        this.forecasterFactory = forecasterFactory;
    }

    @Override
    public Integer call() throws IOException {
        EngineConfig engineConfig = engineConfig();
        int h = engineConfig.horizon();
        int s = season != null ? season
                : engineConfig.seasonSteps() > 0 ? engineConfig.seasonSteps() : BacktestOptions.DEFAULT_SEASON;
        BacktestOptions options = new BacktestOptions(h, scoreFrom, s, emit, output, !noProgress, strict, plot,
                plotSeries, plotH, plotPoints);
        Forecaster forecaster = forecasterFactory.apply(engineConfig);
        long start = System.nanoTime();
        BacktestResult result;
        try (ObservationCsvReader reader = ObservationCsvReader.open(input)) {
            result = new BacktestRunner(forecaster, options).run(reader);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        out.print(AccuracyReport.format(result));
        out.flush();
        // timing goes to stderr so that stdout stays byte-identical between runs
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "%d events in %.1f s (%.0f events/s)%n", result.events(), seconds,
                result.events() / Math.max(seconds, 1e-9));
        err.flush();
        return 0;
    }

    /** The config file (if any) with --horizon laid over it, so the engine forecasts H steps. */
    private EngineConfig engineConfig() throws IOException {
        Properties p = new Properties();
        if (config != null) {
            try (InputStream in = Files.newInputStream(config)) {
                p.load(in);
            }
        }
        if (horizon != null) {
            p.setProperty("model.horizon", Integer.toString(horizon));
        }
        return EngineConfig.fromProperties(p);
    }

    /** Accepts {@code all} / {@code last} in any case. */
    static final class EmitModeConverter implements CommandLine.ITypeConverter<EmitMode> {
        @Override
        public EmitMode convert(String value) {
            try {
                return EmitMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected all or last, got '" + value + "'");
            }
        }
    }
}
