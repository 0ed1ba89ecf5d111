package io.lstmstreams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import io.lstmstreams.config.TargetMode;
import io.lstmstreams.training.Retrainer;
import io.lstmstreams.training.Segment;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retraining meters read a real (tiny) retrainer. */
class RetrainerMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RetrainerMetrics metrics = new RetrainerMetrics(registry);

    @Test
    void shouldReadZerosAndNaNBeforeARetrainerIsBound() {
        Scrape s = Scrape.parse(registry.scrape());
        assertEquals(0, s.value("lstm_retrain_runs_total"));
        assertEquals(0, s.value("lstm_retrain_rejected_total", "reason", "diverged"));
        assertTrue(Double.isNaN(s.value("lstm_retrain_last_duration_seconds")));
        assertTrue(Double.isNaN(s.value("lstm_retrain_last_validation_loss", "model", "challenger")));
    }

    @Test
    void shouldReportRunsVerdictsAndTheLastOutcomeOfTheBoundRetrainer() {
        EngineConfig config = new EngineConfig(1, CellType.LSTM, new int[] {2}, false, false, 0, false, 10_000, 8, 8,
                SegmentStart.ZEROS, 0, 8, 0, Duration.ZERO, 64, 1, 4, 0.01, 2, 0.0, 0.9, 7L, TargetMode.LEVEL, 0.0, true);
        List<Object> published = new ArrayList<>();
        try (Retrainer retrainer = new Retrainer(config, null, published::add)) {
            metrics.bind(retrainer);
            for (Segment s : sine(8)) {
                retrainer.offer(s);
            }
            retrainer.retrainNow();
            retrainer.retrainNow();

            Scrape s = Scrape.parse(registry.scrape());
            assertEquals(2, s.value("lstm_retrain_runs_total"));
            double verdicts = s.value("lstm_retrain_accepted_total")
                    + s.value("lstm_retrain_rejected_total", "reason", "diverged")
                    + s.value("lstm_retrain_rejected_total", "reason", "not_better");
            assertEquals(2, verdicts, "every run has one verdict");
            assertEquals(published.size(), s.value("lstm_retrain_accepted_total"));
            assertTrue(s.value("lstm_retrain_last_duration_seconds") > 0);
            assertEquals(retrainer.lastOutcome().finalTrainingLoss(), s.value("lstm_retrain_last_training_loss"),
                    1e-12);
            assertEquals(retrainer.lastOutcome().challengerLoss(),
                    s.value("lstm_retrain_last_validation_loss", "model", "challenger"), 1e-12);
            assertEquals(8, s.value("lstm_retrain_replay_segments"));
        }
    }

    private static List<Segment> sine(int count) {
        List<Segment> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            float[][] in = new float[8][1];
            float[][] target = new float[8][1];
            for (int t = 0; t < 8; t++) {
                in[t][0] = (float) Math.sin((n + t) / 2.0);
                target[t][0] = (float) Math.sin((n + t + 1) / 2.0);
            }
            out.add(new Segment("s" + n, in, target, 0, null));
        }
        return out;
    }
}
