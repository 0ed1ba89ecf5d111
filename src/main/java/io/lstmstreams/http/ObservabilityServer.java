package io.lstmstreams.http;

import com.sun.net.httpserver.HttpServer;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.metrics.Observability;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's HTTP endpoints on the JDK's {@link HttpServer}: {@code /metrics},
 * {@code /health}, {@code /series}, {@code /series/{id}}, {@code /series/{id}/recent},
 * {@code /models} and the live page at {@code /}. Bound to {@code http.bind}:{@code http.port}
 * (loopback by default: metrics and state are not for the whole network unless asked).
 *
 * <p>Started before Kafka Streams, because with {@code http.port=0} only the bound server knows
 * the port that {@code application.server} must advertise; hence the client comes as a supplier
 * (null until created):
 * <pre>{@code
 * AtomicReference<KafkaStreams> streams = new AtomicReference<>();
 * ObservabilityServer http = ObservabilityServer.start(config, obs, streams::get);
 * ForecastStreamsApp app = new ForecastStreamsApp(http.withApplicationServer(config), models, decoder,
 *         obs.counters());
 * streams.set(app.streams());
 * }</pre>
 */
public final class ObservabilityServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ObservabilityServer.class);
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String applicationServer;

    private ObservabilityServer(HttpServer server, ExecutorService executor, String applicationServer) {
        this.server = server;
        this.executor = executor;
        this.applicationServer = applicationServer;
    }

    /**
     * Binds and starts serving.
     *
     * @param config {@code http.bind}, {@code http.port}, the engine (to decode key states) and, if
     *     set, {@code application.server}
     * @param obs the registry and the in-memory views
     * @param streams the Kafka Streams client, or null while it is not created
     * @throws IOException if the address cannot be bound
     */
    public static ObservabilityServer start(AppConfig config, Observability obs, Supplier<KafkaStreams> streams)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(config.httpBind(), config.httpPort()), 0);
        String advertised = advertised(config, server.getAddress().getPort());
        Supplier<State> state = () -> {
            KafkaStreams ks = streams.get();
            return ks == null ? null : ks.state();
        };
        return start(server, obs, new KafkaSeriesLocator(streams, advertised), state,
                new SeriesStateCodec(config.engine()), config.engine().horizon(), advertised);
    }

    /** With every collaborator given, for tests that have no Kafka. */
    static ObservabilityServer start(HttpServer server, Observability obs, SeriesLocator locator,
            Supplier<State> state, SeriesStateCodec codec, int horizon, String advertised) {
        server.createContext("/metrics", new MetricsHandler(obs::scrape));
        server.createContext("/health", new HealthHandler(state, advertised));
        server.createContext("/series", new SeriesHandler(locator, codec, horizon, obs.recent(), new PeerClient(),
                advertised));
        server.createContext("/models", new ModelsHandler(obs, advertised));
        server.createContext("/", new PageHandler());
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "lstm-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("HTTP on http://{}:{}/ (advertised to other instances as {})",
                server.getAddress().getHostString(), server.getAddress().getPort(), advertised);
        return new ObservabilityServer(server, executor, advertised);
    }

    /** The port bound (the actual one when {@code http.port} is 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The address and port bound: the wildcard address when bound to all interfaces. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** Where this server answers, e.g. for a log line or a test. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    /** The {@code host:port} other instances reach this one at: Kafka Streams' {@code application.server}. */
    public String applicationServer() {
        return applicationServer;
    }

    /** {@code config} with {@code application.server} set to {@link #applicationServer()}, unless it was set already. */
    public AppConfig withApplicationServer(AppConfig config) {
        if (config.kafka().containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)) {
            return config;
        }
        return config.withKafka(Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer));
    }

    /**
     * The configured {@code application.server}, or the bind address and port; a wildcard bind
     * advertises this host's name, which is what other containers or hosts resolve it by.
     */
    static String advertised(AppConfig config, int port) {
        String explicit = config.kafka().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        if (explicit != null) {
            return explicit;
        }
        String host = config.httpBind();
        try {
            if (InetAddress.getByName(host).isAnyLocalAddress()) {
                host = InetAddress.getLocalHost().getHostName();
            }
        } catch (UnknownHostException e) {
            // an unresolvable bind address fails at bind time; keep the name as given
        }
        return host + ":" + port;
    }

    /**
     * Stops serving at once. A grace delay would be spent in full whenever a client holds an idle
     * keep-alive connection (Prometheus does), and no request here is worth delaying shutdown for.
     */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
