package io.lstmstreams.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lstmstreams.metrics.Observability;
import io.lstmstreams.metrics.ModelHistory;
import io.lstmstreams.training.Retrainer;
import io.lstmstreams.training.TrainingOutcome;
import java.io.IOException;
import java.time.Instant;

/**
 * {@code GET /models}: the model version in use here, the recent versions with their scores (as far
 * as this instance saw them), and, where a retrainer runs in this process, its run and verdict
 * counts and the last run's losses.
 */
final class ModelsHandler implements HttpHandler {
    private final Observability obs;
    private final String instance;

    ModelsHandler(Observability obs, String instance) {
        this.obs = obs;
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Exchanges.readOnly(exchange)) {
            return;
        }
        ObjectNode body = Exchanges.MAPPER.createObjectNode();
        body.put("instance", instance);
        body.put("current", obs.streamMetrics().modelVersion());
        ArrayNode history = body.putArray("history");
        for (ModelHistory.Entry e : obs.models().entries()) {
            ObjectNode node = history.addObject();
            node.put("version", e.version());
            time(node, "createdAt", e.createdAt());
            time(node, "installedAt", e.installedAt());
            SeriesJson.number(node, "validationLoss", e.validationLoss());
            SeriesJson.number(node, "trainingLoss", e.trainingLoss());
        }
        Retrainer retrainer = obs.retrainerMetrics().retrainer();
        if (retrainer == null) {
            body.putNull("retrainer");
        } else {
            ObjectNode r = body.putObject("retrainer");
            r.put("champion", retrainer.champion().version());
            r.put("runs", retrainer.runs());
            r.put("accepted", retrainer.judge().accepted());
            r.put("rejectedDiverged", retrainer.judge().rejectedDiverged());
            r.put("rejectedNotBetter", retrainer.judge().rejectedNotBetter());
            TrainingOutcome last = retrainer.lastOutcome();
            if (last != null) {
                ObjectNode l = r.putObject("last");
                SeriesJson.number(l, "challengerLoss", last.challengerLoss());
                SeriesJson.number(l, "championLoss", last.championLoss());
                SeriesJson.number(l, "trainingLoss", last.finalTrainingLoss());
                l.put("durationMs", last.duration().toMillis());
                l.put("diverged", last.diverged());
            }
        }
        Exchanges.json(exchange, 200, body);
    }

    private static void time(ObjectNode node, String field, Instant t) {
        if (t == null) {
            node.putNull(field);
        } else {
            node.put(field, t.toString());
        }
    }
}
