package io.lstmstreams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentForecastsTest {
    private final RecentForecasts recent = new RecentForecasts(2, 3);

    private void add(String id, long ts) {
        recent.add(Observation.of(id, ts, ts * 10.0), new Forecast(id, ts, 1, new long[] {ts + 1},
                new double[] {ts}, new double[] {ts - 1}, new double[] {ts + 1}));
    }

    @Test
    void shouldKeepOnlyTheNewestPointsOfASeriesOldestFirst() {
        for (long ts = 1; ts <= 5; ts++) {
            add("a", ts);
        }
        List<RecentForecasts.Point> points = recent.points("a").orElseThrow();
        assertEquals(List.of(3L, 4L, 5L), points.stream().map(RecentForecasts.Point::timestamp).toList());
        assertEquals(50.0, points.get(2).actual());
        assertEquals(5.0, points.get(2).forecast().value(1));
    }

    @Test
    void shouldDropTheSeriesUpdatedLongestAgoBeyondCapacity() {
        add("a", 1);
        add("b", 1);
        add("a", 2);
        add("c", 1);
        assertEquals(List.of("c", "a"), recent.seriesIds(), "b was updated longest ago");
        assertTrue(recent.points("b").isEmpty());
    }

    @Test
    void shouldNotLetAReadMakeASeriesRecent() {
        add("a", 1);
        add("b", 1);
        recent.points("a");
        add("c", 1);
        assertEquals(List.of("c", "b"), recent.seriesIds());
    }
}
