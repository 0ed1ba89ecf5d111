package io.lstmstreams.metrics;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last few (actual, forecast with interval) points of the most recently active series of this
 * instance, for the live page. Bounded twice: at most {@code maxSeries} series (the one updated
 * longest ago is dropped) of at most {@code pointsPerSeries} points each, so memory stays
 * {@code maxSeries x pointsPerSeries} forecasts however many keys flow through.
 *
 * <p>Thread-safe behind one lock: stream threads add one point per event, HTTP threads copy.
 */
public final class RecentForecasts {
    private final int pointsPerSeries;
    private final Map<String, Ring> series;

    public RecentForecasts(int maxSeries, int pointsPerSeries) {
        if (maxSeries < 1 || pointsPerSeries < 1) {
            throw new IllegalArgumentException("maxSeries " + maxSeries + ", pointsPerSeries " + pointsPerSeries);
        }
        this.pointsPerSeries = pointsPerSeries;
        // access order: the eldest entry is the series updated longest ago
        this.series = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Ring> eldest) {
                return size() > maxSeries;
            }
        };
    }

    /** The observation and the forecast made at it. */
    public void add(Observation observation, Forecast forecast) {
        Point p = new Point(observation.timestamp(), observation.value(), forecast);
        synchronized (series) {
            series.computeIfAbsent(observation.seriesId(), k -> new Ring(pointsPerSeries)).add(p);
        }
    }

    /** Series ids, the most recently updated first. */
    public List<String> seriesIds() {
        synchronized (series) {
            List<String> ids = new ArrayList<>(series.keySet());
            Collections.reverse(ids);
            return ids;
        }
    }

    /** The series' points, oldest first; empty if it is not among the recent ones here. */
    public Optional<List<Point>> points(String seriesId) {
        synchronized (series) {
            // get() would count as an access and reorder; a read must not make a series "recent"
            for (Map.Entry<String, Ring> e : series.entrySet()) {
                if (e.getKey().equals(seriesId)) {
                    return Optional.of(e.getValue().toList());
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One event of a series.
     *
     * @param timestamp event time, epoch ms
     * @param actual the observed value
     * @param forecast the forecast made at this event (for the next horizon steps)
     */
    public record Point(long timestamp, double actual, Forecast forecast) {
    }

    /** A fixed-capacity ring of points. */
    private static final class Ring {
        private final Point[] points;
        private int next;
        private int size;

        Ring(int capacity) {
            points = new Point[capacity];
        }

        void add(Point p) {
            points[next] = p;
            next = (next + 1) % points.length;
            size = Math.min(size + 1, points.length);
        }

        List<Point> toList() {
            List<Point> list = new ArrayList<>(size);
            int first = (next - size + points.length) % points.length;
            for (int i = 0; i < size; i++) {
                list.add(points[(first + i) % points.length]);
            }
            return list;
        }
    }
}
