package io.lstmstreams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusLintTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    PrometheusLintTest() {
        registry.config().meterFilter(new PrometheusLint());
    }

    @Test
    void shouldDropMetersInUnitsSmallerThanTheSecond() {
        Gauge.builder("kafka.consumer.io.time.ns.avg", () -> 1).description("d").register(registry);
        FunctionCounter.builder("process.cpu.time", this, x -> 1).baseUnit("ns").register(registry);
        Gauge.builder("kafka.app.info.start.time.ms", () -> 1).description("d").register(registry);
        Gauge.builder("kafka.stream.thread.commit.latency.avg", () -> 1).description("d").register(registry);
        assertEquals(Set.of("kafka_stream_thread_commit_latency_avg"), Scrape.parse(registry.scrape()).names());
    }

    @Test
    void shouldRenameCountGaugesAndDescribeUndescribedMeters() {
        Gauge.builder("kafka.producer.connection.count", () -> 2).description("live connections").register(registry);
        Gauge.builder("system.cpu.count", () -> 4).description("cpus").register(registry);
        Gauge.builder("kafka.producer.node.request.latency.avg", () -> 1).register(registry);
        String scrape = registry.scrape();
        Scrape s = Scrape.parse(scrape);
        assertEquals(2, s.value("kafka_producer_connections"));
        assertEquals(4, s.value("system_cpus"));
        assertTrue(scrape.contains("# HELP kafka_producer_node_request_latency_avg kafka.producer.node.request."
                + "latency.avg (its source gives no description)"), scrape);
        assertFalse(scrape.contains("_count "));
    }

    @Test
    void shouldLeaveTheApplicationsOwnMetersAlone() {
        Observability obs = Observability.create(2);
        try (obs) {
            Set<String> names = Scrape.parse(obs.scrape()).names();
            assertEquals(List.of(), MetricNames.PROMETHEUS_NAMES.stream().filter(n -> !names.contains(n)).toList());
        }
    }
}
