package io.lstmstreams.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.stream.StreamFixtures;
import io.lstmstreams.engine.ForecastEngine;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.engine.StepResult;
import io.lstmstreams.event.Observation;
import io.lstmstreams.metrics.Observability;
import io.lstmstreams.training.KernelExport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoints on a real server over loopback, with Kafka replaced by suppliers and a fake locator. */
class ObservabilityServerTest {
    private static final long T0 = 1_704_067_200_000L;
    private static final long STEP = 1_800_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EngineConfig engine = engineConfig();
    private final SeriesStateCodec codec = new SeriesStateCodec(engine);
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();

    /** A locator over a map of local key states, with what it answers for other keys settable. */
    private static final class FakeLocator implements SeriesLocator {
        final Map<String, byte[]> local = new HashMap<>();
        final Map<String, Location> elsewhere = new HashMap<>();
        final List<String> peers = new ArrayList<>();

        @Override
        public Location locate(String id) {
            return elsewhere.getOrDefault(id, new Local(local.get(id)));
        }

        @Override
        public List<String> peers() {
            return peers;
        }
    }

    private record Instance(ObservabilityServer server, Observability obs, FakeLocator locator,
            AtomicReference<State> state) {
        String hostPort() {
            return "127.0.0.1:" + server.port();
        }
    }

    private Instance instance() throws IOException {
        Observability obs = Observability.create(engine.horizon());
        FakeLocator locator = new FakeLocator();
        AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String self = "127.0.0.1:" + http.getAddress().getPort();
        ObservabilityServer server = ObservabilityServer.start(http, obs, locator, state::get, codec,
                engine.horizon(), self);
        closing.add(server);
        closing.add(obs);
        return new Instance(server, obs, locator, state);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private HttpResponse<String> get(Instance i, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + i.hostPort() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static EngineConfig engineConfig() {
        return EngineConfig.fromProperties(StreamFixtures.engineProperties());
    }

    /** A key state after {@code events} events of a wave, through the real engine; forecasts go to {@code obs}. */
    private byte[] stateAfter(String id, int events, Observability obs) {
        float[] params = new float[KernelExport.paramCount(engine)];
        Random random = new Random(1);
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (random.nextGaussian() * 0.3);
        }
        ForecastEngine e = new ForecastEngine(engine, new ModelHolder(new ForecastModel(5,
                KernelExport.fromFlatParams(engine, params))), obs.counters());
        SeriesState s = null;
        for (int i = 0; i < events; i++) {
            Observation o = Observation.of(id, T0 + i * STEP, 100 + 20 * Math.sin(i / 3.0));
            StepResult r = e.process(s, o);
            s = r.state();
            obs.counters().forecastMade(o, r.forecast());
        }
        return codec.encode(s);
    }

    @Test
    void shouldListenOnLoopbackOnlyUnlessToldToBindElsewhere() throws Exception {
        Properties p = new Properties();
        p.setProperty(AppConfig.HTTP_PORT, "0");
        AppConfig byDefault = AppConfig.fromProperties(p);
        try (Observability obs = Observability.create(byDefault.engine().horizon());
                ObservabilityServer server = ObservabilityServer.start(byDefault, obs, () -> null)) {
            assertTrue(server.address().getAddress().isLoopbackAddress(), server.address().toString());
            assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
        }
        p.setProperty(AppConfig.HTTP_BIND, "0.0.0.0");
        AppConfig everywhere = AppConfig.fromProperties(p);
        try (Observability obs = Observability.create(everywhere.engine().horizon());
                ObservabilityServer server = ObservabilityServer.start(everywhere, obs, () -> null)) {
            assertTrue(server.address().getAddress().isAnyLocalAddress(), server.address().toString());
        }
    }

    @Test
    void shouldServeThePrometheusScrape() throws Exception {
        Instance a = instance();
        a.obs().counters().eventIn();
        HttpResponse<String> r = get(a, "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        assertTrue(r.body().contains("lstm_events_in_total 1.0"), r.body());
        assertTrue(r.body().contains("jvm_memory_used_bytes"));
    }

    @Test
    void shouldBeHealthyOnlyWhileRunningOrRebalancing() throws Exception {
        Instance a = instance();
        assertEquals(200, get(a, "/health").statusCode());
        assertEquals("RUNNING", json(get(a, "/health")).path("streams").asText());
        a.state().set(State.REBALANCING);
        assertEquals(200, get(a, "/health").statusCode());
        for (State s : new State[] {State.CREATED, State.PENDING_ERROR, State.ERROR, State.NOT_RUNNING}) {
            a.state().set(s);
            HttpResponse<String> r = get(a, "/health");
            assertEquals(503, r.statusCode(), s.name());
            assertEquals("DOWN", json(r).path("status").asText());
        }
        a.state().set(null);
        assertEquals("NOT_CREATED", json(get(a, "/health")).path("streams").asText());
    }

    @Test
    void shouldSummariseALocalKeysStateWithItsLatestForecastAndAccuracy() throws Exception {
        Instance a = instance();
        a.locator().local.put("taxi", stateAfter("taxi", 20, a.obs()));
        HttpResponse<String> r = get(a, "/series/taxi");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals("taxi", body.path("series").asText());
        assertEquals(20, body.path("eventCount").asLong());
        assertEquals(T0 + 19 * STEP, body.path("lastTimestamp").asLong());
        assertEquals(5, body.path("modelVersion").asLong());
        assertTrue(body.path("normaliser").path("scale").asDouble() > 0);
        JsonNode steps = body.path("latestForecast").path("steps");
        assertEquals(3, steps.size());
        assertEquals(T0 + 19 * STEP + 2 * STEP, steps.get(1).path("target").asLong());
        assertTrue(steps.get(0).path("lower").asDouble() <= steps.get(0).path("value").asDouble());
        assertEquals(3, body.path("accuracy").size());
        assertEquals(19, body.path("accuracy").get(0).path("count").asLong());
        assertTrue(body.path("accuracy").get(0).path("mae").isNumber());
    }

    @Test
    void shouldAnswer404ForAnUnknownKeyAnd503WhenNobodyCanBeAsked() throws Exception {
        Instance a = instance();
        assertEquals(404, get(a, "/series/nobody").statusCode());
        a.locator().elsewhere.put("moving", new SeriesLocator.Unavailable("rebalancing"));
        HttpResponse<String> r = get(a, "/series/moving");
        assertEquals(503, r.statusCode());
        assertEquals("rebalancing", json(r).path("error").asText());
        assertEquals(404, get(a, "/series/taxi/nope").statusCode());
    }

    @Test
    void shouldFetchAKeyHeldByAnotherInstanceFromIt() throws Exception {
        Instance a = instance();
        Instance b = instance();
        b.locator().local.put("taxi", stateAfter("taxi", 10, b.obs()));
        a.locator().elsewhere.put("taxi", new SeriesLocator.Remote(b.hostPort()));

        HttpResponse<String> summary = get(a, "/series/taxi");
        assertEquals(200, summary.statusCode(), summary.body());
        assertEquals(b.hostPort(), json(summary).path("instance").asText());
        HttpResponse<String> recent = get(a, "/series/taxi/recent");
        assertEquals(200, recent.statusCode(), recent.body());
        assertEquals(10, json(recent).path("points").size());
    }

    @Test
    void shouldNotForwardAForwardedRequestAgain() throws Exception {
        Instance a = instance();
        Instance b = instance();
        // each thinks the other holds the key, as during a rebalance
        a.locator().elsewhere.put("k", new SeriesLocator.Remote(b.hostPort()));
        b.locator().elsewhere.put("k", new SeriesLocator.Remote(a.hostPort()));
        HttpResponse<String> r = get(a, "/series/k");
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(json(r).path("error").asText().contains("assignment is changing"));
    }

    @Test
    void shouldReport502WhenTheHoldingInstanceDoesNotAnswer() throws Exception {
        Instance a = instance();
        a.locator().elsewhere.put("k", new SeriesLocator.Remote("127.0.0.1:1"));
        assertEquals(502, get(a, "/series/k").statusCode());
    }

    @Test
    void shouldServeRecentPointsOldestFirstWithEveryStep() throws Exception {
        Instance a = instance();
        stateAfter("a b/c", 5, a.obs());
        HttpResponse<String> r = get(a, "/series/a%20b%2Fc/recent");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals("a b/c", body.path("series").asText());
        assertEquals(3, body.path("horizon").asInt());
        JsonNode points = body.path("points");
        assertEquals(5, points.size());
        assertEquals(T0, points.get(0).path("ts").asLong());
        assertEquals(3, points.get(4).path("value").size());
        assertEquals(5, points.get(4).path("model").asLong());
        assertEquals(404, get(a, "/series/other/recent").statusCode());
    }

    @Test
    void shouldListSeriesOfThisInstanceAndItsPeers() throws Exception {
        Instance a = instance();
        Instance b = instance();
        stateAfter("x", 2, a.obs());
        stateAfter("y", 2, b.obs());
        a.locator().peers.add(b.hostPort());
        a.locator().peers.add("127.0.0.1:1"); // a dead peer is skipped
        JsonNode list = json(get(a, "/series"));
        Map<String, String> where = new HashMap<>();
        list.path("series").forEach(s -> where.put(s.path("id").asText(), s.path("instance").asText()));
        assertEquals(Map.of("x", a.hostPort(), "y", b.hostPort()), where);
        assertEquals(2, list.path("instances").size());
    }

    @Test
    void shouldReportModelsInstalledHere() throws Exception {
        Instance a = instance();
        a.obs().counters().modelInstalled(2);
        a.obs().counters().modelInstalled(3);
        JsonNode body = json(get(a, "/models"));
        assertEquals(3, body.path("current").asLong());
        assertEquals(2, body.path("history").size());
        assertEquals(3, body.path("history").get(0).path("version").asLong());
        assertTrue(body.path("history").get(0).path("installedAt").isTextual());
        assertTrue(body.path("retrainer").isNull());
    }

    @Test
    void shouldServeTheLivePageAndRejectOtherPathsAndMethods() throws Exception {
        Instance a = instance();
        HttpResponse<String> page = get(a, "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(page.body().contains("<svg") && page.body().contains("series/"));
        assertEquals(404, get(a, "/nope").statusCode());
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://" + a.hostPort()
                + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void shouldDecodePathSegmentsWithoutTreatingPlusAsSpace() {
        assertEquals(List.of("a+b", "recent"), SeriesHandler.segments("/series/a+b/recent"));
        assertEquals(List.of("a b/c"), SeriesHandler.segments("/series/a%20b%2Fc"));
        assertEquals(List.of(), SeriesHandler.segments("/series/"));
    }

    @Test
    void shouldAdvertiseItsBoundPortAsApplicationServerUnlessOneIsConfigured() throws Exception {
        Properties p = new Properties();
        p.setProperty(AppConfig.HTTP_PORT, "0");
        AppConfig config = AppConfig.fromProperties(p);
        try (Observability obs = Observability.create(config.engine().horizon());
                ObservabilityServer server = ObservabilityServer.start(config, obs, () -> null)) {
            assertNotEquals(0, server.port());
            assertEquals("127.0.0.1:" + server.port(), server.applicationServer());
            assertEquals(server.applicationServer(),
                    server.withApplicationServer(config).kafka().get(StreamsConfig.APPLICATION_SERVER_CONFIG));
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.uri().resolve("/health"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), "no Kafka Streams yet");
        }
        AppConfig explicit = config.withKafka(Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, "app1:8080"));
        assertEquals("app1:8080", ObservabilityServer.advertised(explicit, 1234));
        p.setProperty(AppConfig.HTTP_BIND, "0.0.0.0");
        assertTrue(!ObservabilityServer.advertised(AppConfig.fromProperties(p), 1234).startsWith("0.0.0.0"));
    }
}
