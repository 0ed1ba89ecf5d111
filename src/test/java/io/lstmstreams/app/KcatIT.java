package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.event.EventTime;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.ForecastJson;
import io.lstmstreams.event.Observation;
import io.lstmstreams.training.InitialModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire formats as a plain Kafka tool sees them: events produced with {@code kcat -P -K'|'}
 * give forecasts that {@code kcat -C} reads as JSON, and a bad line lands on the DLQ with its
 * reason header. Skipped when {@code kcat} is not on the PATH ({@code .ci/run} installs it).
 */
@Timeout(120)
class KcatIT {
    private static final int KEYS = 3;
    private static final int PER_KEY = 10;

    private static EmbeddedKafkaBroker kafka;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startBroker() {
        assumeTrue(kcatAvailable(), "kcat is not on the PATH");
        kafka = EmbeddedKafkaBroker.builder().port(0).start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldForecastEventsProducedByKcatAndBeReadableByKcat() throws Exception {
        Properties noTraining = Cluster.noTraining();
        AppConfig config = Cluster.config(kafka, "kcat", stateDir, noTraining);
        try (AppInstance app = new AppInstance(config, InitialModel.of(config.engine()))) {
            app.start();
            StringBuilder lines = new StringBuilder();
            for (Observation o : Cluster.events(KEYS, 0, PER_KEY)) {
                lines.append(String.format(Locale.ROOT, "%s|{\"ts\":\"%s\",\"value\":%s}%n", o.seriesId(),
                        EventTime.format(o.timestamp()), o.value()));
            }
            lines.append("series-0|{\"ts\":\"2030-01-01T00:00:00Z\",\"value\":\"many\"}\n");
            kcat(lines.toString(), "-P", "-b", kafka.bootstrapServers(), "-t", app.topics().events().name(), "-K", "|");

            int expected = KEYS * PER_KEY;
            List<String> forecasts = consumeUntil(app.topics().forecasts().name(), "%k|%s\\n", expected);
            assertEquals(expected, forecasts.size());
            for (String line : forecasts) {
                String key = line.substring(0, line.indexOf('|'));
                Forecast forecast = ForecastJson.parse(line.substring(line.indexOf('|') + 1)
                        .getBytes(StandardCharsets.UTF_8));
                assertEquals(key, forecast.seriesId());
                assertEquals(3, forecast.horizon());
                assertTrue(Double.isFinite(forecast.value(1)));
            }
            List<String> dead = consumeUntil(app.topics().deadLetters().name(), "%h\\n", 1);
            assertEquals(1, dead.size());
            assertTrue(dead.get(0).contains("error.reason=not_a_number"), dead.get(0));
        }
    }

    /** Runs kcat -C to the end of the topic, again and again, until {@code expected} lines come back. */
    private static List<String> consumeUntil(String topic, String format, int expected) throws Exception {
        long deadline = System.nanoTime() + Cluster.WAIT.toNanos();
        List<String> lines = List.of();
        while (lines.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            lines = nonEmptyLines(kcat("", "-C", "-b", kafka.bootstrapServers(), "-t", topic, "-o", "beginning", "-e",
                    "-q", "-X", "isolation.level=read_committed", "-f", format));
        }
        return lines;
    }

    private static String kcat(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("kcat");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "kcat did not finish");
        assertEquals(0, process.exitValue(), "kcat " + String.join(" ", args));
        return out;
    }

    private static List<String> nonEmptyLines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    private static boolean kcatAvailable() {
        try {
            Process process = new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
