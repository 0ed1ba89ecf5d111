package io.lstmstreams.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lstmstreams.engine.OnlineAccuracy;
import io.lstmstreams.engine.PendingForecasts;
import io.lstmstreams.engine.RunningNormaliser;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.metrics.RecentForecasts;
import java.time.Instant;
import java.util.List;

/**
 * The JSON documents of {@code /series/{id}} (a key's state summary and latest forecast) and
 * {@code /series/{id}/recent} (the live page's points). Non-finite numbers become null, which
 * JSON can carry and JavaScript plots as a gap.
 */
final class SeriesJson {
    private SeriesJson() {
    }

    /** The summary of a decoded key state. */
    static ObjectNode summary(String seriesId, SeriesState s, int horizon, String instance) {
        ObjectNode root = Exchanges.MAPPER.createObjectNode();
        root.put("series", seriesId);
        root.put("instance", instance);
        root.put("eventCount", s.eventCount());
        if (s.eventCount() > 0) {
            root.put("lastTimestamp", s.lastTimestamp());
            root.put("lastTime", Instant.ofEpochMilli(s.lastTimestamp()).toString());
        }
        root.put("typicalStepMs", s.typicalStep());
        root.put("modelVersion", s.modelVersion());
        RunningNormaliser n = s.normaliser();
        ObjectNode normaliser = root.putObject("normaliser");
        number(normaliser, "mean", n.mean());
        number(normaliser, "scale", n.scale());
        root.set("latestForecast", latestForecast(s, horizon));
        ArrayNode accuracy = root.putArray("accuracy");
        OnlineAccuracy a = s.accuracy();
        for (int h = 1; h <= a.horizon(); h++) {
            ObjectNode step = accuracy.addObject();
            step.put("h", h);
            step.put("count", a.count(h));
            number(step, "mae", a.mae(h));
            number(step, "rmse", a.rmse(h));
            number(step, "smape", a.smape(h));
            number(step, "mase", a.mase(h));
            number(step, "coverage", a.coverage(h));
        }
        return root;
    }

    /** The forecast made at the newest event; its targets are one typical step apart, as the engine sets them. */
    private static ObjectNode latestForecast(SeriesState s, int horizon) {
        PendingForecasts pending = s.pending();
        if (pending.size() == 0) {
            return null;
        }
        ObjectNode f = Exchanges.MAPPER.createObjectNode();
        f.put("originTimestamp", s.lastTimestamp());
        ArrayNode steps = f.putArray("steps");
        for (int h = 1; h <= horizon; h++) {
            ObjectNode step = steps.addObject();
            step.put("h", h);
            step.put("target", s.lastTimestamp() + h * s.typicalStep());
            number(step, "value", pending.latestValue(h));
            number(step, "lower", pending.latestLower(h));
            number(step, "upper", pending.latestUpper(h));
        }
        return f;
    }

    /** The recent points of a series, oldest first. */
    static ObjectNode recent(String seriesId, List<RecentForecasts.Point> points, String instance) {
        ObjectNode root = Exchanges.MAPPER.createObjectNode();
        root.put("series", seriesId);
        root.put("instance", instance);
        root.put("horizon", points.isEmpty() ? 0 : points.get(0).forecast().horizon());
        ArrayNode array = root.putArray("points");
        for (RecentForecasts.Point p : points) {
            Forecast f = p.forecast();
            ObjectNode node = array.addObject();
            node.put("ts", p.timestamp());
            number(node, "actual", p.actual());
            node.put("model", f.modelVersion());
            ArrayNode targets = node.putArray("targets");
            ArrayNode values = node.putArray("value");
            ArrayNode lower = node.putArray("lower");
            ArrayNode upper = node.putArray("upper");
            for (int h = 1; h <= f.horizon(); h++) {
                targets.add(f.targetTimestamp(h));
                add(values, f.value(h));
                add(lower, f.lower(h));
                add(upper, f.upper(h));
            }
        }
        return root;
    }

    static void number(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        } else {
            node.putNull(field);
        }
    }

    private static void add(ArrayNode array, double v) {
        if (Double.isFinite(v)) {
            array.add(v);
        } else {
            array.addNull();
        }
    }
}
