package io.lstmstreams.backtest;

import static io.lstmstreams.backtest.TestForecasts.obs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AccuracyAccumulatorTest {
    private static final double EPS = 1e-12;

    /**
     * y = 2 4 2 4 2 6, H = 1, season 2, scored origins rows 2..4 (targets 4, 2, 6); the model says
     * 4 in [3, 5] every time. Hand-computed:
     * <pre>
     *   model errors 0, 2, 2        shift (2, 4, 2) errors 2, 2, 4     snaive (4, 2, 4) errors 0, 0, 2
     *   std(y) = sqrt(20/9)         sum|y| over targets = 12
     *   NRMSE model = sqrt(8/3) / sqrt(20/9) = sqrt(1.2);  shift = sqrt(8) / sqrt(20/9) = sqrt(3.6)
     *   MAPE model = 4/12; shift = 8/12;  sMAPE model = (0 + 4/6 + 4/10) / 3 = 16/45
     *   MASE model = (4/3) / (2/3) = 2; shift = (8/3) / (2/3) = 4; coverage 1/3, width 2
     * </pre>
     */
    @Test
    void shouldComputeHandCheckedMetricsForModelAndBaselines() {
        double[] y = {2, 4, 2, 4, 2, 6};
        AccuracyAccumulator acc = new AccuracyAccumulator(1, 2, 2);
        feed(acc, "s", y, o -> TestForecasts.constant(o, 1, 4, 3, 5));
        HorizonAccuracy h1 = acc.result().at(1);

        assertEquals(3, h1.model().scored());
        assertEquals(Math.sqrt(1.2), h1.model().nrmse(), EPS);
        assertEquals(1.0 / 3, h1.model().mape(), EPS);
        assertEquals(16.0 / 45, h1.model().smape(), EPS);
        assertEquals(2.0, h1.model().mase(), EPS);
        assertEquals(1.0 / 3, h1.model().coverage(), EPS);
        assertEquals(2.0, h1.model().meanWidth(), EPS);
        assertEquals(2.0 / Math.sqrt(20.0 / 9), h1.model().relativeWidth(), EPS);

        assertEquals(Math.sqrt(3.6), h1.shift().nrmse(), EPS);
        assertEquals(2.0 / 3, h1.shift().mape(), EPS);
        assertEquals(4.0, h1.shift().mase(), EPS);
        assertEquals(Math.sqrt(4.0 / 3) / Math.sqrt(20.0 / 9), h1.seasonalNaive().nrmse(), EPS);
        assertEquals(1.0, h1.seasonalNaive().mase(), EPS);
        assertTrue(Double.isNaN(h1.shift().coverage()), "baselines have no interval");
        assertEquals(0, acc.result().seasonalFallbacks());
    }

    @Test
    void shouldScoreSmapeTermAsZeroWhenForecastAndActualAreBothZero() {
        AccuracyAccumulator acc = new AccuracyAccumulator(1, 0, 1);
        feed(acc, "s", new double[] {0, 0, 0}, o -> TestForecasts.of(o, 0));
        assertEquals(0.0, acc.result().at(1).model().smape(), EPS);
        assertTrue(Double.isNaN(acc.result().at(1).model().mape()), "mean|y| = 0 leaves MAPE undefined");
    }

    @Test
    void shouldScoreOnlyOriginsFromScoreFromWhoseTargetsArrived() {
        // 6 events, H = 3, scored origins rows 2..5; step h has targets for origins up to row 5 - h
        AccuracyAccumulator acc = new AccuracyAccumulator(3, 2, 10);
        feed(acc, "s", new double[] {1, 2, 3, 4, 5, 6}, o -> TestForecasts.of(o, 0, 0, 0));
        AccuracyResult r = acc.result();
        assertEquals(3, r.at(1).model().scored());
        assertEquals(2, r.at(2).model().scored());
        assertEquals(1, r.at(3).model().scored());
        // h = 3: only origin row 2 (value 3) whose target is row 5 (value 6)
        assertEquals(6.0, r.at(3).model().mae(), EPS);
        assertEquals(3.0, r.at(3).shift().mae(), EPS);
    }

    @Test
    void shouldCountMissingForecastsAndLeaveTheirPointsUnscoredForEveryModel() {
        AccuracyAccumulator acc = new AccuracyAccumulator(1, 0, 1);
        feed(acc, "s", new double[] {1, 2, 3, 4}, o -> o.value() == 2 ? null : TestForecasts.of(o, o.value()));
        AccuracyResult r = acc.result();
        assertEquals(1, r.missingForecasts());
        assertEquals(2, r.at(1).model().scored());
        assertEquals(2, r.at(1).shift().scored());
        assertEquals(2, r.at(1).seasonalNaive().scored());
    }

    @Test
    void shouldFallBackToShiftUntilASeasonOfHistoryExists() {
        // season 4, H = 1: the seasonal value of target t is y[t - 4], there from target row 4 on
        AccuracyAccumulator acc = new AccuracyAccumulator(1, 0, 4);
        feed(acc, "s", new double[] {1, 2, 3, 4, 5, 6}, o -> TestForecasts.of(o, 0));
        AccuracyResult r = acc.result();
        assertEquals(3, r.seasonalFallbacks(), "targets at rows 1, 2, 3");
        // targets 2..6: fallbacks forecast 1, 2, 3 (errors 1, 1, 1); seasonal 1, 2 for 5, 6 (errors 4, 4)
        assertEquals(11.0 / 5, r.at(1).seasonalNaive().mae(), EPS);
    }

    @Test
    void shouldGiveSeasonalNaiveZeroErrorOnAPurelyPeriodicSeries() {
        int season = 7;
        double[] y = periodic(season, 5, 0);
        AccuracyAccumulator acc = new AccuracyAccumulator(3, season, season);
        feed(acc, "s", y, new SeasonalNaiveForecaster(3, season)::forecast);
        for (HorizonAccuracy h : acc.result().overall()) {
            assertEquals(0.0, h.model().nrmse(), EPS);
            assertEquals(0.0, h.seasonalNaive().nrmse(), EPS);
            assertTrue(h.shift().nrmse() > 0.1, "shift misses the weekly shape");
        }
        assertEquals(0, acc.result().seasonalFallbacks());
    }

    @Test
    void shouldMeasureMaseAgainstSeasonalNaiveOnAPeriodicSeriesWithTrend() {
        // y = pattern + 0.5 t: seasonal naive is always 0.5 * 7 = 3.5 low; a perfect forecast has
        // MASE 0, one that closes half the gap MASE 0.5
        int season = 7;
        double[] y = periodic(season, 6, 0.5);
        AccuracyAccumulator perfect = new AccuracyAccumulator(2, season, season);
        feed(perfect, "s", y, oracle(y, 2, 0));
        AccuracyAccumulator half = new AccuracyAccumulator(2, season, season);
        feed(half, "s", y, oracle(y, 2, 1.75));
        for (int h = 1; h <= 2; h++) {
            assertEquals(3.5, perfect.result().at(h).seasonalNaive().mae(), EPS);
            assertEquals(0.0, perfect.result().at(h).model().mase(), EPS);
            assertEquals(0.5, half.result().at(h).model().mase(), EPS);
        }
    }

    @Test
    void shouldScaleEachSeriesByItsOwnStdAndAverageOverSeries() {
        // the same shape at scales 1 and 1000 (std sqrt(20/9) and 1000 times that); errors +1 and -1500; seasonal naive (season 2) MAE 1.4 and 1400
        AccuracyAccumulator acc = new AccuracyAccumulator(1, 0, 2);
        double[] y = {1, 3, 2, 5, 1, 4};
        for (int i = 0; i < y.length; i++) {
            Observation small = obs("small", i, y[i]);
            Observation large = obs("large", i, 1000 * y[i]);
            double next = i + 1 < y.length ? y[i + 1] : 0;
            acc.onEvent(2L * i, small, TestForecasts.of(small, next + 1));
            acc.onEvent(2L * i + 1, large, TestForecasts.of(large, 1000 * next - 1500));
        }
        AccuracyResult r = acc.result();
        double small = r.series("small").at(1).model().nrmse();
        double large = r.series("large").at(1).model().nrmse();
        assertEquals(1 / Math.sqrt(20.0 / 9), small, EPS);
        assertEquals(small * 1.5, large, EPS);
        assertEquals(1 / 1.4, r.series("small").at(1).model().mase(), EPS);
        assertEquals(1500 / 1400.0, r.series("large").at(1).model().mase(), EPS);
        assertEquals((small + large) / 2, r.at(1).model().nrmse(), EPS);
        assertEquals(10, r.at(1).model().scored());
        assertEquals("small", r.series().get(0).seriesId(), "series in order of first appearance");
        assertEquals(1, r.seriesBeatingSeasonalNaive(1));
        assertEquals(2, r.seriesWithMase(1));
    }

    /** {@code cycles} repeats of a fixed 7-step pattern plus {@code slope * t}. */
    private static double[] periodic(int season, int cycles, double slope) {
        double[] pattern = {5, 9, 4, 12, 7, 3, 10};
        double[] y = new double[season * cycles];
        for (int t = 0; t < y.length; t++) {
            y[t] = pattern[t % season] + slope * t;
        }
        return y;
    }

    /** Forecasts the true future values minus {@code offset} (knows the array, not the stream). */
    private static Function<Observation, Forecast> oracle(double[] y, int horizon, double offset) {
        int[] t = {-1};
        return o -> {
            t[0]++;
            double[] v = new double[horizon];
            for (int h = 1; h <= horizon; h++) {
                v[h - 1] = t[0] + h < y.length ? y[t[0] + h] - offset : 0;
            }
            return TestForecasts.of(o, v);
        };
    }

    private static void feed(AccuracyAccumulator acc, String id, double[] y, Function<Observation, Forecast> model) {
        for (int i = 0; i < y.length; i++) {
            Observation o = obs(id, i, y[i]);
            acc.onEvent(i, o, model.apply(o));
        }
    }
}
