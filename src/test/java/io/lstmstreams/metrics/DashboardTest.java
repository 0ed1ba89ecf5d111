package io.lstmstreams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.stream.ModelRejection;
import io.lstmstreams.stream.StreamCounters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PromQL expression of the Grafana dashboard names only metrics that a registry exercised with
 * sample data actually emits, and every application metric has a panel.
 */
class DashboardTest {
    static final Path DASHBOARD = Path.of("grafana/dashboards/lstm-streams.json");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");

    private static Set<String> emitted;

    @BeforeAll
    static void scrapeAnExercisedRegistry(@TempDir Path stateDir) {
        try (Observability obs = Observability.create(3); KafkaStreams streams =
                StreamsBindingTest.unstartedStreams(stateDir)) {
            obs.bindStreams(streams);
            exercise(obs.counters());
            emitted = Scrape.parse(obs.scrape()).names();
        }
    }

    /** One of everything the stream reports. */
    static void exercise(StreamCounters c) {
        c.eventIn();
        c.forecastOut();
        c.deadLettered("not_finite");
        c.segmentOut();
        c.stateWritten(400);
        c.keyCreated();
        c.stateReset();
        c.modelInstalled(1);
        c.modelRejected(ModelRejection.CORRUPT);
        c.eventProcessed(30_000);
        c.scored(1, 10, 9, 8, 12, 11);
        c.forecastMade(Observation.of("s", 0, 1), new Forecast("s", 0, 1, new long[] {1}, new double[] {1},
                new double[] {0}, new double[] {2}));
    }

    /** Every expr of every panel target, rows' nested panels included. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> exprs = new ArrayList<>();
        collect(dashboard.path("panels"), exprs);
        return exprs;
    }

    private static void collect(JsonNode panels, List<String> exprs) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asText());
            }
            collect(panel.path("panels"), exprs);
        }
    }

    /**
     * The metric names in a PromQL expression: identifiers that are not functions (followed by a
     * parenthesis), keywords, label names in matchers or grouping clauses, or durations.
     */
    static Set<String> metricNames(String expr) {
        String stripped = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(stripped);
        while (m.find()) {
            String id = m.group();
            String after = stripped.substring(m.end()).stripLeading();
            boolean function = after.startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
            if (!function && !number && !KEYWORDS.contains(id.toLowerCase())) {
                names.add(id);
            }
        }
        return names;
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(Files.readString(DASHBOARD));
    }

    @Test
    void shouldFindMetricNamesButNotFunctionsLabelsOrKeywords() {
        assertEquals(Set.of("a_bucket"), metricNames("histogram_quantile(0.99, sum by (le) (rate(a_bucket[1m])))"));
        assertEquals(Set.of("x", "y"), metricNames("sum(rate(x{reason=~\"a|b\"}[5m])) / on (instance) y"));
        assertEquals(Set.of("m"), metricNames("max by (instance, model) (m) * 1e3"));
    }

    @Test
    void shouldOnlyQueryMetricsTheApplicationEmits() throws IOException {
        List<String> exprs = expressions(dashboard());
        assertTrue(exprs.size() >= 20, "panels: " + exprs.size());
        List<String> unknown = new ArrayList<>();
        for (String expr : exprs) {
            assertFalse(expr.isBlank(), "a target without an expression");
            Set<String> names = metricNames(expr);
            assertFalse(names.isEmpty(), "no metric in " + expr);
            names.stream().filter(n -> !emitted.contains(n)).forEach(n -> unknown.add(n + " in " + expr));
        }
        assertEquals(List.of(), unknown);
    }

    @Test
    void shouldHaveAPanelForEveryApplicationMetric() throws IOException {
        Set<String> queried = new TreeSet<>();
        expressions(dashboard()).forEach(e -> queried.addAll(metricNames(e)));
        List<String> missing = new ArrayList<>();
        for (String name : MetricNames.PROMETHEUS_NAMES) {
            String family = name.replaceAll("_(bucket|count|sum|max)$", "");
            if (queried.stream().noneMatch(q -> q.startsWith(family))) {
                missing.add(name);
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void shouldUseTheProvisionedDataSourceEverywhere() throws IOException {
        String provisioned = Files.readString(Path.of("grafana/provisioning/datasources/prometheus.yml"));
        assertTrue(provisioned.contains("uid: lstm-prometheus"));
        JsonNode dashboard = dashboard();
        List<String> uids = new ArrayList<>();
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> uids.add(t.path("datasource")
                .path("uid").asText())));
        assertTrue(uids.stream().allMatch("lstm-prometheus"::equals), uids.toString());
    }
}
