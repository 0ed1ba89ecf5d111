package io.lstmstreams.backtest;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Drives a backtest: every row of the input, in file order, goes to the {@link Forecaster};
 * the event and its forecast go to the accuracy accumulator and, when asked for, the forecasts
 * CSV and the plot. Knows nothing of the engine, so baselines and the LSTM run the same way.
 *
 * <p>Bad rows are skipped and counted (or fail the run, by option): a backtest has no DLQ, and
 * one stray line should not cost an hour's run. The progress bar follows the raw bytes read, so
 * it needs no counting pass over the file.
 */
public final class BacktestRunner {
    private static final int KEPT_REJECTIONS = 5;
    private static final int PROGRESS_EVERY = 1024;

    private final Forecaster forecaster;
    private final BacktestOptions options;

    public BacktestRunner(Forecaster forecaster, BacktestOptions options) {
        this.forecaster = forecaster;
        this.options = options;
    }

    /** Runs the whole input and closes nothing it did not open (the reader is the caller's). */
    public BacktestResult run(ObservationCsvReader reader) throws IOException {
        AccuracyAccumulator accuracy = new AccuracyAccumulator(options.horizon(), options.scoreFrom(),
                options.season());
        List<BacktestSink> sinks = new ArrayList<>();
        sinks.add(accuracy);
        ForecastPlotCollector plot = null;
        if (options.plot() != null) {
            plot = new ForecastPlotCollector(options.plotSeries(), options.effectivePlotH(), options.plotPoints());
            sinks.add(plot);
        }
        ForecastCsvWriter csv = null;
        if (options.output() != null) {
            BufferedWriter out = Files.newBufferedWriter(options.output(), StandardCharsets.UTF_8);
            csv = new ForecastCsvWriter(out, options.emit());
            sinks.add(csv);
        }
        long events = 0;
        long rejected = 0;
        List<CsvRow.Rejected> firstRejections = new ArrayList<>();
        try (ProgressBar bar = progressBar(reader)) {
            for (CsvRow row = reader.next(); row != null; row = reader.next()) {
                if (row instanceof CsvRow.Rejected r) {
                    if (options.failOnReject()) {
                        throw new IOException(reader.source() + ": " + r.describe());
                    }
                    rejected++;
                    if (firstRejections.size() < KEPT_REJECTIONS) {
                        firstRejections.add(r);
                    }
                    continue;
                }
                Observation o = ((CsvRow.Parsed) row).observation();
                Forecast f = forecaster.forecast(o);
                if (f != null && !f.seriesId().equals(o.seriesId())) {
                    throw new IllegalStateException("forecaster answered " + o + " with a forecast of series "
                            + f.seriesId());
                }
                for (BacktestSink sink : sinks) {
                    sink.onEvent(row.rowIndex(), o, f);
                }
                events++;
                if (bar != null && events % PROGRESS_EVERY == 0) {
                    bar.stepTo(reader.bytesRead());
                    bar.setExtraMessage(progressNote(events));
                }
            }
            for (BacktestSink sink : sinks) {
                sink.onEnd();
            }
            if (bar != null) {
                bar.stepTo(reader.bytesRead());
                bar.setExtraMessage(progressNote(events));
            }
        } finally {
            if (csv != null) {
                csv.close();
            }
        }
        if (plot != null) {
            ForecastPlotPng.write(plot.plot(), options.plot());
        }
        return new BacktestResult(reader.source(), events, rejected, firstRejections, accuracy.result());
    }

    /** A bar on stderr, or null when not asked for or nobody would see it. */
    private String progressNote(long events) {
        String status = forecaster.status();
        return status.isEmpty() ? events + " events" : events + " events, " + status;
    }

    private ProgressBar progressBar(ObservationCsvReader reader) {
        if (!options.progress() || System.console() == null || System.getenv("CI") != null) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName("backtest")
                .setInitialMax(reader.sizeBytes())
                .setUnit("KiB", 1024)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500)
                .build();
    }
}
