package io.lstmstreams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.lstmstreams.config.CellType;
import io.lstmstreams.training.ModelArtefact;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelHistoryTest {
    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

    private final ModelHistory history = new ModelHistory(3, Clock.fixed(NOW, ZoneOffset.UTC));

    private static ModelArtefact artefact(long version, double validation) {
        int[] hidden = {1};
        long n = ModelArtefact.parameterCount(CellType.RNN, hidden, 1, 1);
        return new ModelArtefact(version, NOW.minusSeconds(60), CellType.RNN, hidden, 1, 1, new float[(int) n],
                validation, 0.5);
    }

    @Test
    void shouldMergeAPublishedArtefactWithItsInstallation() {
        history.accept(artefact(4, 0.25));
        assertNull(history.entries().get(0).installedAt());
        assertEquals(-1, history.currentVersion(), "published here, not yet installed");
        history.installed(4);
        ModelHistory.Entry e = history.entries().get(0);
        assertEquals(4, e.version());
        assertEquals(0.25, e.validationLoss());
        assertEquals(NOW, e.installedAt());
        assertNotNull(e.createdAt());
        assertEquals(4, history.currentVersion());
    }

    @Test
    void shouldKeepTheNewestVersionsNewestFirst() {
        for (long v = 1; v <= 5; v++) {
            history.installed(v);
        }
        assertEquals(List.of(5L, 4L, 3L), history.entries().stream().map(ModelHistory.Entry::version).toList());
        assertEquals(Double.NaN, history.entries().get(0).validationLoss());
    }
}
