package io.lstmstreams.demo;

import io.lstmstreams.app.AppInstance;
import io.lstmstreams.backtest.AccuracyAccumulator;
import io.lstmstreams.backtest.AccuracyReport;
import io.lstmstreams.backtest.BacktestOptions;
import io.lstmstreams.backtest.BacktestResult;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.event.Observation;
import io.lstmstreams.replay.ConsoleProgress;
import io.lstmstreams.replay.EventReplayer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import me.tongfei.progressbar.ProgressBar;

/**
 * The demo's core, without the broker or the command line: starts an {@link AppInstance}, replays
 * events into its events topic at a steady rate, reads the forecasts back as they are committed
 * (printing some), and once every event has its forecast (or dead letter), scores them exactly as
 * {@code backtest} does and renders the same accuracy table. The instance keeps running afterwards;
 * its owner closes it.
 */
public final class DemoRun {
    private static final Duration WAIT_STEP = Duration.ofMillis(200);

    /**
     * @param speed events per second; 0 = as fast as possible
     * @param printEvery print every n-th forecast; 0 = none
     * @param scoreFrom score forecasts made at event index >= this (as {@code backtest --score-from})
     * @param progress show a progress bar (only on a terminal)
     * @param timeout give up when the last forecast has not arrived this long after the last event was sent
     */
    public record Settings(double speed, int printEvery, long scoreFrom, boolean progress, Duration timeout) {
        public Settings {
            Objects.requireNonNull(timeout, "timeout");
            if (speed < 0 || printEvery < 0 || scoreFrom < 0) {
                throw new IllegalArgumentException("speed, printEvery and scoreFrom must be >= 0");
            }
        }
    }

    /**
     * What happened.
     *
     * @param events events replayed
     * @param forecasts distinct forecasts read back
     * @param forecastRecords forecast records read back, duplicates included
     * @param deadLetters dead-letter records read back
     * @param firstForecast from {@code startNanos} to the first forecast read
     * @param replayed from {@code startNanos} to the last event acknowledged
     * @param complete from {@code startNanos} to the last forecast read
     * @param modelVersion the model the instance forecasts with at the end
     * @param report the accuracy table, as {@code backtest} prints it
     */
    public record Outcome(long events, long forecasts, long forecastRecords, long deadLetters, Duration firstForecast,
            Duration replayed, Duration complete, long modelVersion, String report) {
    }

    private final List<Observation> events;
    private final String source;
    private final Settings settings;
    private final PrintWriter out;

    /**
     * @param events what to replay, in order
     * @param source the events' name, for the report
     */
    public DemoRun(List<Observation> events, String source, Settings settings, PrintWriter out) {
        this.events = List.copyOf(events);
        this.source = source;
        this.settings = settings;
        this.out = out;
    }

    /**
     * Runs the demo through {@code app}, which it starts.
     *
     * @param startNanos {@link System#nanoTime()} the times in the outcome count from
     * @throws TimeoutException when forecasts stop arriving before every event has one
     */
    public Outcome run(AppInstance app, long startNanos) throws InterruptedException, TimeoutException {
        app.start();
        Duration replayed;
        try (ForecastCollector collector = new ForecastCollector(app.config().toClientProperties(), app.topics(),
                settings.printEvery(), out);
                ProgressBar bar = ConsoleProgress.open("forecasts", events.size(), "", 1, settings.progress())) {
            collector.start();
            try (EventReplayer replayer = EventReplayer.create(app.config().toClientProperties(),
                    app.topics().events().name(), settings.speed())) {
                for (Observation event : events) {
                    replayer.send(event);
                    if (bar != null && replayer.sent() % 64 == 0) {
                        bar.stepTo(collector.forecastRecords() + collector.deadLetters());
                    }
                }
                replayer.flush();
                replayed = since(startNanos);
            }
            awaitAll(collector, bar);
            Duration complete = since(startNanos);
            return new Outcome(events.size(), collector.distinctForecasts(), collector.forecastRecords(),
                    collector.deadLetters(), Duration.ofNanos(collector.firstForecastNanos() - startNanos), replayed,
                    complete, app.models().current().version(), report(app.config().engine(), collector));
        }
    }

    /** Waits until every event is answered by a forecast or a dead letter, giving up on a long silence. */
    private void awaitAll(ForecastCollector collector, ProgressBar bar) throws InterruptedException, TimeoutException {
        long answered = 0;
        long lastProgress = System.nanoTime();
        while (answered < events.size()) {
            Thread.sleep(WAIT_STEP.toMillis());
            long now = collector.forecastRecords() + collector.deadLetters();
            if (bar != null) {
                bar.stepTo(now);
            }
            if (now > answered) {
                answered = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > settings.timeout().toNanos()) {
                throw new TimeoutException(answered + " of " + events.size() + " events answered, none more for "
                        + settings.timeout());
            }
        }
    }

    /** Joins forecasts to events by (series, origin time) and scores them as the backtest does. */
    private String report(EngineConfig engine, ForecastCollector collector) {
        int season = engine.seasonSteps() > 0 ? engine.seasonSteps() : BacktestOptions.DEFAULT_SEASON;
        AccuracyAccumulator accuracy = new AccuracyAccumulator(engine.horizon(), settings.scoreFrom(), season);
        long row = 0;
        for (Observation event : events) {
            accuracy.onEvent(row++, event, collector.forecastAt(event.seriesId(), event.timestamp()));
        }
        return AccuracyReport.format(new BacktestResult(source, events.size(), 0, List.of(), accuracy.result()));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
