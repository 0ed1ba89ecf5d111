package io.lstmstreams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.event.Rejection;
import io.lstmstreams.stream.ForecastProcessor;
import io.lstmstreams.stream.ModelRejection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stream's meters through a real Prometheus registry and its text scrape. */
class StreamMetricsTest {
    private static final long T0 = 1_704_067_200_000L;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC);
    private final StreamMetrics metrics = new StreamMetrics(registry,
            new AccuracyWindow(3, Duration.ofMinutes(5), 10, clock::millis), new RecentForecasts(4, 8),
            new ModelHistory(5, clock));

    private Scrape scrape() {
        return Scrape.parse(registry.scrape());
    }

    @Test
    void shouldExposeEveryCounterUnderItsPrometheusNameWithItsValue() {
        metrics.eventIn();
        metrics.eventIn();
        metrics.eventIn();
        metrics.forecastOut();
        metrics.forecastOut();
        metrics.deadLettered(Rejection.Reason.NOT_FINITE.code());
        metrics.segmentOut();
        metrics.stateWritten(300);
        metrics.stateWritten(500);
        metrics.keyCreated();
        metrics.stateReset();
        metrics.modelRejected(ModelRejection.NON_FINITE);
        metrics.modelRejected(ModelRejection.NON_FINITE);

        Scrape s = scrape();
        assertEquals(3, s.value("lstm_events_in_total"));
        assertEquals(2, s.value("lstm_forecasts_out_total"));
        assertEquals(1, s.value("lstm_dead_letters_total", "reason", "not_finite"));
        assertEquals(0, s.value("lstm_dead_letters_total", "reason", ForecastProcessor.PROCESSING_ERROR));
        assertEquals(1, s.value("lstm_segments_out_total"));
        assertEquals(2, s.value("lstm_state_size_bytes_count"));
        assertEquals(800, s.value("lstm_state_size_bytes_sum"));
        assertEquals(1, s.value("lstm_keys_added_total"));
        assertEquals(1, s.value("lstm_state_resets_total"));
        assertEquals(2, s.value("lstm_models_rejected_total", "reason", "non_finite"));
        assertEquals(0, s.value("lstm_models_rejected_total", "reason", "corrupt"));
        assertEquals(ModelRejection.values().length, s.all("lstm_models_rejected_total").size(),
                "one series per reason, there from the start");
    }

    @Test
    void shouldFoldUnknownDeadLetterReasonsIntoOtherSoTheTagStaysBounded() {
        metrics.deadLettered("some free text from a bug 1");
        metrics.deadLettered("some free text from a bug 2");
        metrics.deadLettered(null);

        List<Scrape.Sample> series = scrape().all("lstm_dead_letters_total");
        assertEquals(DeadLetterReasons.all().size(), series.size(), "one series per known reason, no more");
        assertEquals(3, scrape().value("lstm_dead_letters_total", "reason", DeadLetterReasons.OTHER));
    }

    @Test
    void shouldTimeEventsIntoAFixedLatencyHistogram() {
        metrics.eventProcessed(TimeUnit.MICROSECONDS.toNanos(20));
        metrics.eventProcessed(TimeUnit.MICROSECONDS.toNanos(40));
        metrics.eventProcessed(TimeUnit.MILLISECONDS.toNanos(3));

        Scrape s = scrape();
        assertEquals(3, s.value("lstm_event_processing_seconds_count"));
        assertEquals(0.00306, s.value("lstm_event_processing_seconds_sum"), 1e-9);
        assertEquals(0, s.value("lstm_event_processing_seconds_bucket", "le", "1.0E-5"));
        assertEquals(1, s.value("lstm_event_processing_seconds_bucket", "le", "2.5E-5"));
        assertEquals(2, s.value("lstm_event_processing_seconds_bucket", "le", "5.0E-5"));
        assertEquals(3, s.value("lstm_event_processing_seconds_bucket", "le", "0.005"));
        assertEquals(3, s.value("lstm_event_processing_seconds_bucket", "le", "+Inf"));
        assertEquals(StreamMetrics.LATENCY_BUCKETS.length + 1, s.all("lstm_event_processing_seconds_bucket").size());
    }

    @Test
    void shouldReportAccuracyPerHorizonFromTheScoresItIsGiven() {
        metrics.scored(1, 10, 8, 5, 15, 6);
        metrics.scored(1, 20, 24, 22, 26, 16);
        metrics.scored(3, 10, 10, 9, 11, 10);

        Scrape s = scrape();
        assertEquals(2, s.value("lstm_forecast_scored_total", "horizon", "1"));
        assertEquals(0, s.value("lstm_forecast_scored_total", "horizon", "2"));
        assertEquals(3.0, s.value("lstm_forecast_mae", "horizon", "1"), 1e-12);
        assertEquals(Math.sqrt(10), s.value("lstm_forecast_rmse", "horizon", "1"), 1e-12);
        assertEquals(0.75, s.value("lstm_forecast_mase_ratio", "horizon", "1"), 1e-12);
        assertEquals(0.5, s.value("lstm_forecast_interval_coverage_ratio", "horizon", "1"), 1e-12);
        assertTrue(s.value("lstm_forecast_smape_ratio", "horizon", "1") > 0);
        assertTrue(Double.isNaN(s.value("lstm_forecast_mae", "horizon", "2")), "nothing scored at h=2");
        assertEquals(1.0, s.value("lstm_forecast_interval_coverage_ratio", "horizon", "3"), 1e-12);
        assertEquals(Set.of("1", "2", "3"), Set.copyOf(s.all("lstm_forecast_mae").stream()
                .map(x -> x.labels().get("horizon")).toList()));
    }

    @Test
    void shouldReportTheModelVersionInstalledOrTheHoldersWhenTracked() {
        assertEquals(-1, scrape().value("lstm_model_version"));
        metrics.modelInstalled(3);
        metrics.modelInstalled(2);
        Scrape s = scrape();
        assertEquals(3, s.value("lstm_model_version"), "the newest installed");
        assertEquals(2, s.value("lstm_models_installed_total"));
        assertEquals(List.of(3L, 2L), metrics.models().entries().stream().map(ModelHistory.Entry::version).toList());

        ModelHolder holder = new ModelHolder(new ForecastModel(7, null));
        metrics.trackModel(holder);
        assertEquals(7, scrape().value("lstm_model_version"));
    }

    @Test
    void shouldReadKeysTrackedFromItsSource() {
        assertTrue(Double.isNaN(scrape().value("lstm_keys_tracked")));
        metrics.trackKeys(() -> 42);
        assertEquals(42, scrape().value("lstm_keys_tracked"));
    }

    @Test
    void shouldHandEachForecastToTheRecentView() {
        Forecast f = new Forecast("taxi", T0, 1, new long[] {T0 + 1}, new double[] {2}, new double[] {1},
                new double[] {3});
        metrics.forecastMade(Observation.of("taxi", T0, 5), f);
        assertEquals(List.of("taxi"), metrics.recent().seriesIds());
        assertEquals(5, metrics.recent().points("taxi").orElseThrow().get(0).actual());
    }

    @Test
    void shouldEmitOnlyNamesListedInMetricNames() {
        metrics.eventIn();
        Set<String> emitted = scrape().names();
        assertTrue(emitted.stream().allMatch(MetricNames.PROMETHEUS_NAMES::contains),
                "unlisted: " + emitted.stream().filter(n -> !MetricNames.PROMETHEUS_NAMES.contains(n)).toList());
    }
}
