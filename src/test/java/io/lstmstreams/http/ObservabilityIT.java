package io.lstmstreams.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The endpoints over a real stream on an embedded broker: interactive queries, health, live metrics. */
@Timeout(120)
class ObservabilityIT {
    private static final int EVENTS = 60;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(LiveHarness h, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(h.http.uri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerInteractiveQueriesAndCountWhatTheStreamDid() throws Exception {
        try (LiveHarness h = new LiveHarness(0)) {
            assertEquals(503, get(h, "/health").statusCode(), "not started yet");
            assertTrue(h.start(Duration.ofSeconds(60)), "not RUNNING");
            assertEquals(200, get(h, "/health").statusCode());
            Random random = new Random(3);
            for (int i = 0; i < EVENTS; i++) {
                h.send("a", i, random);
                h.send("b", i, random);
            }
            h.flush();
            JsonNode summary = awaitSeries(h, "a");
            assertEquals(EVENTS - 1, summary.path("eventCount").asLong(), "event 49 is not a number");
            assertEquals(h.http.applicationServer(), summary.path("instance").asText());
            assertEquals(5, summary.path("latestForecast").path("steps").size());
            assertEquals(404, get(h, "/series/nobody").statusCode());

            String metrics = get(h, "/metrics").body();
            assertTrue(metrics.contains("lstm_dead_letters_total{reason=\"not_a_number\"} 2.0"), metrics);
            assertTrue(metrics.contains("lstm_forecasts_out_total " + (2 * (EVENTS - 1)) + ".0"));
            assertTrue(metrics.contains("kafka_stream_thread_commit_rate"));
            JsonNode recent = new ObjectMapper().readTree(get(h, "/series/b/recent").body());
            assertEquals(EVENTS - 1, recent.path("points").size());
        }
    }

    /** Polls until the key's state shows every valid event (commits make it visible in batches). */
    private JsonNode awaitSeries(LiveHarness h, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(h, "/series/" + id);
            if (r.statusCode() == 200) {
                last = new ObjectMapper().readTree(r.body());
                if (last.path("eventCount").asLong() == EVENTS - 1) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("series " + id + " never complete: " + last);
    }
}
