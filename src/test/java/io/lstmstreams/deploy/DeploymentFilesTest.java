package io.lstmstreams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.AppConfig;
import io.lstmstreams.stream.Topic;
import io.lstmstreams.stream.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What can be checked of docker-compose.yml and the Dockerfile without a Docker engine: files and
 * directories they name exist in the repository, host ports are unique, the app instances'
 * environment is a valid configuration with distinct advertised addresses, and Prometheus and
 * Grafana point at the services that exist.
 */
class DeploymentFilesTest {
    private static final Path COMPOSE = Path.of("docker-compose.yml");
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Pattern COPY = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Map<String, Object> service, String key) {
        Object v = service.get(key);
        return v == null ? List.of() : ((List<Object>) v).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new TreeMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
                .forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    /** App services: those built from this repository. */
    private static Map<String, Map<String, Object>> apps() throws IOException {
        Map<String, Map<String, Object>> apps = new TreeMap<>();
        services().forEach((name, s) -> {
            if (s.containsKey("build")) {
                apps.put(name, s);
            }
        });
        return apps;
    }

    @Test
    void shouldMountOnlyPathsThatExistInTheRepository() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> s : services().entrySet()) {
            for (String volume : strings(s.getValue(), "volumes")) {
                String host = volume.split(":")[0];
                if (host.startsWith(".") || host.startsWith("/")) {
                    if (!Files.exists(Path.of(host))) {
                        missing.add(s.getKey() + ": " + host);
                    }
                }
            }
            Object build = s.getValue().get("build");
            if (build != null && !Files.isRegularFile(Path.of(String.valueOf(build)).resolve("Dockerfile"))) {
                missing.add(s.getKey() + ": build context without Dockerfile");
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(Files.isRegularFile(Path.of("grafana/dashboards/lstm-streams.json")));
    }

    @Test
    void shouldCopyOnlyFilesThatExistIntoTheImage() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        Matcher m = COPY.matcher(dockerfile);
        List<String> sources = new ArrayList<>();
        while (m.find()) {
            sources.add(m.group(1));
        }
        assertFalse(sources.isEmpty());
        assertEquals(List.of(), sources.stream().filter(src -> !Files.exists(Path.of(src))).toList());
        assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"), "glibc JRE");
        assertTrue(dockerfile.contains("--mount=type=cache,target=/root/.m2"));
        assertTrue(dockerfile.contains("USER lstm"));
        assertTrue(dockerfile.contains("-Dorg.bytedeco.javacpp.cachedir=/app/javacpp"));
        assertTrue(dockerfile.contains("OMP_NUM_THREADS=1"));
    }

    @Test
    void shouldNotPublishTwoServicesOnOneHostPort() throws IOException {
        Map<String, String> byPort = new HashMap<>();
        List<String> clashes = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> s : services().entrySet()) {
            for (String port : strings(s.getValue(), "ports")) {
                String[] parts = port.split(":");
                String host = parts.length == 1 ? parts[0] : parts[parts.length - 2];
                String previous = byPort.put(host, s.getKey());
                if (previous != null) {
                    clashes.add(host + ": " + previous + " and " + s.getKey());
                }
            }
        }
        assertEquals(List.of(), clashes);
    }

    @Test
    void shouldGiveEveryAppInstanceAValidConfigAndItsOwnAdvertisedAddress() throws IOException {
        Map<String, Map<String, Object>> apps = apps();
        assertTrue(apps.size() >= 2, "scale-out needs two instances: " + apps.keySet());
        Set<String> advertised = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> app : apps.entrySet()) {
            Map<String, String> env = environment(app.getValue());
            // the same resolution the app does at start: an unknown LSTM_ variable fails here
            Map<String, String> lstm = new TreeMap<>();
            env.forEach((k, v) -> {
                if (k.startsWith("LSTM_")) {
                    lstm.put(k, v);
                }
            });
            AppConfig config = AppConfig.load(Path.of("config/application.properties"), lstm);
            String server = config.kafka().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
            assertEquals(app.getKey() + ":" + config.httpPort(), server, app.getKey());
            assertEquals("0.0.0.0", config.httpBind(), "reachable from the other containers");
            assertTrue(advertised.add(server));
            String broker = config.bootstrapServers().split(":")[0];
            assertTrue(services().containsKey(broker), "bootstrap host " + broker + " is a service");
        }
    }

    @Test
    void shouldScrapeEveryAppInstanceAndFeedGrafanaFromThatPrometheus() throws IOException {
        String prometheus = Files.readString(Path.of("config/prometheus.yml"));
        for (String app : apps().keySet()) {
            assertTrue(prometheus.contains("\"" + app + ":8080\""), app + " is not scraped");
        }
        String datasource = Files.readString(Path.of("grafana/provisioning/datasources/prometheus.yml"));
        Matcher url = Pattern.compile("url: http://([a-z0-9-]+):(\\d+)").matcher(datasource);
        assertTrue(url.find());
        assertTrue(services().containsKey(url.group(1)), "the datasource host is a service");
        assertTrue(strings(services().get(url.group(1)), "ports").stream().anyMatch(p -> p.endsWith(":" + url.group(2))));
        String provider = Files.readString(Path.of("grafana/provisioning/dashboards/dashboards.yml"));
        assertTrue(strings(services().get("grafana"), "volumes").stream()
                .anyMatch(v -> v.startsWith("./grafana/dashboards:") && provider.contains(v.split(":")[1])),
                "the file provider reads the folder the dashboards are mounted in");
    }

    @Test
    void shouldCreateEveryTopicTheAppUsesUnderItsPrefix() throws IOException {
        String init = String.join("\n", strings(services().get("topics"), "command"));
        Topics topics = Topics.withPrefix(AppConfig.defaults().topicPrefix());
        for (Topic<?, ?> topic : topics.all()) {
            assertTrue(init.contains(topic.name()), topic.name() + " is not created");
        }
        assertTrue(init.contains("cleanup.policy=compact"), "the models topic is compacted");
    }
}
