package io.lstmstreams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class EngineConfigTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void shouldAcceptItsOwnDefaults() {
        EngineConfig d = EngineConfig.defaults();
        assertTrue(d.windowSize() >= d.requiredWindow());
        assertEquals(d, EngineConfig.fromProperties(new Properties()));
    }

    @Test
    void shouldRejectAWindowTooShortForSegmentsAndSeasonalLags() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> EngineConfig.fromProperties(props("window.size", "2")));
        assertTrue(e.getMessage().contains("window.size=2"), e.getMessage());
    }

    @Test
    void shouldNameTheKeyAndValueOfABadNumber() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> EngineConfig.fromProperties(props("model.horizon", "five")));
        assertEquals("invalid configuration: model.horizon=five (not an integer)", e.getMessage());
    }

    @Test
    void shouldRejectATbpttLongerThanTheSegment() {
        assertThrows(ConfigException.class,
                () -> EngineConfig.fromProperties(props("segment.length", "20", "training.tbptt.length", "40")));
    }

    @Test
    void shouldParseStackedLayersAndEnums() {
        EngineConfig c = EngineConfig.fromProperties(props("model.hidden", "4, 5", "model.cell", "rnn",
                "segment.start", "burn-in", "model.target", "change"));
        assertEquals(2, c.hiddenSizes().length);
        assertEquals(CellType.RNN, c.cell());
        assertEquals(SegmentStart.BURN_IN, c.segmentStart());
        assertEquals(TargetMode.CHANGE, c.target());
    }
}
