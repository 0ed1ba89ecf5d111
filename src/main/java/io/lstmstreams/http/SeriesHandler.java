package io.lstmstreams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.engine.StateFormatException;
import io.lstmstreams.metrics.RecentForecasts;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-series reads:
 * <ul>
 *   <li>{@code GET /series}: the series with recent points, on this instance and its peers
 *       (the live page's picker);
 *   <li>{@code GET /series/{id}}: the key's state summary and latest forecast, from the instance
 *       that holds it (interactive query);
 *   <li>{@code GET /series/{id}/recent}: its recent points, from the same instance.
 * </ul>
 * A key held elsewhere is fetched from its instance and relayed (see {@link PeerClient}); a
 * request that was already forwarded is never forwarded again.
 */
final class SeriesHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesHandler.class);
    private static final String PREFIX = "/series";
    private static final String RECENT = "recent";

    private final SeriesLocator locator;
    private final SeriesStateCodec codec;
    private final int horizon;
    private final RecentForecasts recent;
    private final PeerClient peers;
    private final String instance;

    SeriesHandler(SeriesLocator locator, SeriesStateCodec codec, int horizon, RecentForecasts recent,
            PeerClient peers, String instance) {
        this.locator = locator;
        this.codec = codec;
        this.horizon = horizon;
        this.recent = recent;
        this.peers = peers;
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Exchanges.readOnly(exchange)) {
            return;
        }
        List<String> segments = segments(exchange.getRequestURI().getRawPath());
        boolean forwarded = exchange.getRequestHeaders().containsKey(PeerClient.FORWARDED_HEADER);
        if (segments.isEmpty()) {
            list(exchange, forwarded);
        } else if (segments.size() == 1) {
            summary(exchange, segments.get(0), forwarded);
        } else if (segments.size() == 2 && RECENT.equals(segments.get(1))) {
            recent(exchange, segments.get(0), forwarded);
        } else {
            Exchanges.error(exchange, 404, "no such resource; try /series/{id} or /series/{id}/recent");
        }
    }

    /** The decoded path segments after {@code /series}; an empty id is no segment. */
    static List<String> segments(String rawPath) {
        String rest = rawPath.length() > PREFIX.length() ? rawPath.substring(PREFIX.length()) : "";
        return Arrays.stream(rest.split("/")).filter(s -> !s.isEmpty())
                // URLDecoder would turn '+' into a space, which is form encoding, not path encoding
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void summary(HttpExchange exchange, String id, boolean forwarded) throws IOException {
        SeriesLocator.Location where = locator.locate(id);
        if (where instanceof SeriesLocator.Local local) {
            if (local.state() == null) {
                Exchanges.error(exchange, 404, "series '" + id + "' has no state (no accepted event yet)");
                return;
            }
            SeriesState state;
            try {
                state = codec.decode(local.state());
            } catch (StateFormatException e) {
                Exchanges.error(exchange, 500, "state of series '" + id + "' cannot be decoded: " + e.getMessage());
                return;
            }
            Exchanges.json(exchange, 200, SeriesJson.summary(id, state, horizon, instance));
        } else if (where instanceof SeriesLocator.Remote remote) {
            relay(exchange, remote.hostPort(), PREFIX + "/" + encode(id), forwarded);
        } else {
            Exchanges.error(exchange, 503, ((SeriesLocator.Unavailable) where).reason());
        }
    }

    private void recent(HttpExchange exchange, String id, boolean forwarded) throws IOException {
        Optional<List<RecentForecasts.Point>> points = recent.points(id);
        SeriesLocator.Location where = locator.locate(id);
        if (where instanceof SeriesLocator.Remote remote && points.isEmpty()) {
            relay(exchange, remote.hostPort(), PREFIX + "/" + encode(id) + "/" + RECENT, forwarded);
        } else if (points.isPresent()) {
            // served from here also when the key just moved away or nobody can be asked: the points
            // are this instance's memory, still true, only maybe no longer growing
            Exchanges.json(exchange, 200, SeriesJson.recent(id, points.get(), instance));
        } else {
            Exchanges.error(exchange, 404, "no recent points of series '" + id + "' here (only the "
                    + "most recently active series are kept, from this instance's start)");
        }
    }

    private void relay(HttpExchange exchange, String hostPort, String path, boolean forwarded) throws IOException {
        if (forwarded) {
            Exchanges.error(exchange, 503, "forwarded here, but " + hostPort + " holds it: assignment is changing");
            return;
        }
        PeerClient.Answer answer;
        try {
            answer = peers.get(hostPort, path);
        } catch (IOException e) {
            Exchanges.error(exchange, 502, "instance " + hostPort + " holds it but did not answer: " + e.getMessage());
            return;
        }
        Exchanges.send(exchange, answer.status(), answer.contentType(), answer.body());
    }

    /** Series with recent points, here and (unless forwarded) on every peer; the most recent first per instance. */
    private void list(HttpExchange exchange, boolean forwarded) throws IOException {
        Map<String, String> series = new LinkedHashMap<>();
        for (String id : recent.seriesIds()) {
            series.put(id, instance);
        }
        ArrayNode instances = Exchanges.MAPPER.createArrayNode().add(instance);
        if (!forwarded) {
            for (String peer : locator.peers()) {
                try {
                    PeerClient.Answer answer = peers.get(peer, PREFIX);
                    JsonNode body = Exchanges.MAPPER.readTree(answer.body());
                    for (JsonNode s : body.path("series")) {
                        series.putIfAbsent(s.path("id").asText(), peer);
                    }
                    instances.add(peer);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("peer {} did not list its series: {}", peer, e.toString());
                }
            }
        }
        ObjectNode body = Exchanges.MAPPER.createObjectNode();
        ArrayNode array = body.putArray("series");
        series.forEach((id, where) -> array.addObject().put("id", id).put("instance", where));
        body.set("instances", instances);
        Exchanges.json(exchange, 200, body);
    }
}
