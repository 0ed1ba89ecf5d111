package io.lstmstreams.backtest;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import java.util.HashMap;
import java.util.Map;

/**
 * A forecaster that needs no engine: step h repeats the value one season before its target
 * (shift until a season of history exists). It gives the backtest a reference run and the tests
 * a forecaster whose errors are known. No interval (bounds are NaN). Target times are the origin
 * plus h times the series' latest step; the first event of a series, whose step is unknown,
 * gets no forecast.
 */
public final class SeasonalNaiveForecaster implements Forecaster {
    private static final class State {
        final ValueHistory history;
        long lastTimestamp;

        State(int capacity) {
            history = new ValueHistory(capacity);
        }
    }

    private final int horizon;
    private final int season;
    private final Map<String, State> states = new HashMap<>();

    public SeasonalNaiveForecaster(int horizon, int season) {
        if (horizon < 1 || season < 1) {
            throw new IllegalArgumentException("horizon and season must be >= 1, got " + horizon + ", " + season);
        }
        this.horizon = horizon;
        this.season = season;
    }

    @Override
    public Forecast forecast(Observation o) {
        State s = states.computeIfAbsent(o.seriesId(), id -> new State(Baselines.historyNeeded(season, horizon)));
        boolean first = s.history.count() == 0;
        long step = o.timestamp() - s.lastTimestamp;
        s.history.add(o.value());
        s.lastTimestamp = o.timestamp();
        if (first) {
            return null;
        }
        long[] targets = new long[horizon];
        double[] values = new double[horizon];
        double[] none = new double[horizon];
        for (int h = 1; h <= horizon; h++) {
            targets[h - 1] = o.timestamp() + h * step;
            double seasonal = Baselines.seasonalNaive(s.history, season, h);
            values[h - 1] = Double.isNaN(seasonal) ? Baselines.shift(s.history) : seasonal;
            none[h - 1] = Double.NaN;
        }
        return new Forecast(o.seriesId(), o.timestamp(), 0, targets, values, none, none);
    }
}
