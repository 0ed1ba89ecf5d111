package io.lstmstreams.backtest;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Scores a forecaster and the two {@link Baselines} online, in one pass and bounded memory.
 *
 * <p>A point (origin event, step h) is scored when the origin's 0-based row in the file is at
 * least {@code scoreFrom}, the forecaster gave a forecast there with a finite step h, and the
 * step's target, the h-th next event of the same series, arrives before the input ends. The
 * baselines are scored at exactly the same points, so the three columns of a report compare
 * like with like. NRMSE's scale is the population std of every value of the series in the file
 * (the published protocol's definition), so it is known only at the end.
 */
public final class AccuracyAccumulator implements BacktestSink {

    /** What one scored origin forecast, waiting for its targets. */
    private record Origin(SeriesState series, Forecast model, double shift, double[] seasonal) {
    }

    /** Everything kept per series. */
    private static final class SeriesState {
        final String id;
        final RunningStats stats = new RunningStats();
        final ValueHistory history;
        final ErrorSums[] model;
        final ErrorSums[] shift;
        final ErrorSums[] seasonal;
        long missingForecasts;
        long seasonalFallbacks;

        SeriesState(String id, int horizon, int historyNeeded) {
            this.id = id;
            this.history = new ValueHistory(historyNeeded);
            this.model = newSums(horizon);
            this.shift = newSums(horizon);
            this.seasonal = newSums(horizon);
        }

        private static ErrorSums[] newSums(int horizon) {
            ErrorSums[] sums = new ErrorSums[horizon];
            for (int i = 0; i < horizon; i++) {
                sums[i] = new ErrorSums();
            }
            return sums;
        }
    }

    private final int horizon;
    private final long scoreFrom;
    private final int season;
    private final Map<String, SeriesState> series = new LinkedHashMap<>();
    private final TargetMatcher<Origin> matcher = new TargetMatcher<>();

    /**
     * @param horizon H: steps 1..H are scored (steps a forecast lacks are not)
     * @param scoreFrom first 0-based file row whose forecasts are scored
     * @param season seasonal-naive season in steps, at least 1
     */
    public AccuracyAccumulator(int horizon, long scoreFrom, int season) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        if (scoreFrom < 0) {
            throw new IllegalArgumentException("scoreFrom must be >= 0, got " + scoreFrom);
        }
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1, got " + season);
        }
        this.horizon = horizon;
        this.scoreFrom = scoreFrom;
        this.season = season;
    }

    @Override
    public void onEvent(long rowIndex, Observation observation, Forecast forecast) {
        SeriesState state = series.computeIfAbsent(observation.seriesId(),
                id -> new SeriesState(id, horizon, Baselines.historyNeeded(season, horizon)));
        double actual = observation.value();
        // score what earlier origins forecast for this event before it joins the history
        matcher.advance(observation, (origin, h, event, last) -> score(origin, h, actual));
        state.stats.add(actual);
        state.history.add(actual);
        if (rowIndex < scoreFrom) {
            return;
        }
        if (forecast == null) {
            state.missingForecasts++;
            return;
        }
        matcher.add(observation.seriesId(), origin(state, forecast), Math.min(horizon, forecast.horizon()));
    }

    private Origin origin(SeriesState state, Forecast forecast) {
        double[] seasonal = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            seasonal[h - 1] = Baselines.seasonalNaive(state.history, season, h);
        }
        return new Origin(state, forecast, Baselines.shift(state.history), seasonal);
    }

    private static void score(Origin origin, int h, double actual) {
        double predicted = origin.model.value(h);
        if (!Double.isFinite(predicted)) {
            return;
        }
        SeriesState s = origin.series;
        s.model[h - 1].add(actual, predicted);
        s.model[h - 1].addInterval(actual, origin.model.lower(h), origin.model.upper(h));
        s.shift[h - 1].add(actual, origin.shift);
        double seasonal = origin.seasonal[h - 1];
        if (Double.isNaN(seasonal)) {
            seasonal = origin.shift;
            s.seasonalFallbacks++;
        }
        s.seasonal[h - 1].add(actual, seasonal);
    }

    /** The metrics so far (normally called after the input has ended). */
    public AccuracyResult result() {
        List<SeriesAccuracy> perSeries = new ArrayList<>();
        for (SeriesState s : series.values()) {
            perSeries.add(seriesAccuracy(s));
        }
        List<HorizonAccuracy> overall = new ArrayList<>();
        for (int h = 1; h <= horizon; h++) {
            int step = h;
            overall.add(new HorizonAccuracy(h,
                    meanOver(perSeries, s -> s.at(step).model()),
                    meanOver(perSeries, s -> s.at(step).shift()),
                    meanOver(perSeries, s -> s.at(step).seasonalNaive())));
        }
        return new AccuracyResult(horizon, scoreFrom, season, perSeries, overall);
    }

    private SeriesAccuracy seriesAccuracy(SeriesState s) {
        double std = s.stats.populationStd();
        List<HorizonAccuracy> horizons = new ArrayList<>();
        for (int h = 0; h < horizon; h++) {
            double naiveMae = s.seasonal[h].mae();
            horizons.add(new HorizonAccuracy(h + 1, s.model[h].toMetrics(std, naiveMae),
                    s.shift[h].toMetrics(std, naiveMae), s.seasonal[h].toMetrics(std, naiveMae)));
        }
        return new SeriesAccuracy(s.id, s.stats.count(), std, horizons, s.missingForecasts, s.seasonalFallbacks);
    }

    /** Mean of each metric over the series that scored something; counts are summed. */
    private static Metrics meanOver(List<SeriesAccuracy> all, Function<SeriesAccuracy, Metrics> pick) {
        List<Metrics> ms = all.stream().map(pick).filter(m -> m.scored() > 0).toList();
        if (ms.size() == 1) {
            return ms.get(0);
        }
        return new Metrics(ms.stream().mapToLong(Metrics::scored).sum(),
                mean(ms, Metrics::nrmse), mean(ms, Metrics::mape), mean(ms, Metrics::smape),
                mean(ms, Metrics::mase), mean(ms, Metrics::mae),
                ms.stream().mapToLong(Metrics::intervals).sum(),
                mean(ms, Metrics::coverage), mean(ms, Metrics::meanWidth), mean(ms, Metrics::relativeWidth));
    }

    private static double mean(List<Metrics> ms, ToDoubleFunction<Metrics> metric) {
        return ms.stream().mapToDouble(metric).filter(Double::isFinite).average().orElse(Double.NaN);
    }
}
