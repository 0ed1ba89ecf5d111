package io.lstmstreams.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.App;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The {@code demo} command end to end on the first 1,500 bundled events: its own broker and HTTP
 * server on free ports, both roles, the replay, every event forecast exactly once, live lines and
 * the accuracy table printed, {@code /health} and {@code /metrics} served while it runs, and a
 * clean exit.
 */
@Timeout(120)
class DemoIT {
    private static final int EVENTS = 1_500;

    @Test
    void shouldForecastEveryReplayedEventOnceAndPrintTheAccuracyTable() {
        CommandLine cli = App.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> cli.execute("demo", "--broker-port",
                "0", "--http-port", "0", "--exit-when-done", "--limit", Integer.toString(EVENTS), "--speed", "0",
                "--print-every", "500", "--no-progress"));
        // while it runs: the live page's address is printed, /health answers 200 and /metrics counts events
        Scrapes scrapes = scrapeWhileRunning(out, run);
        int exit = run.join();
        String text = out.toString();
        assertTrue(scrapes.base != null, "no live page address printed:\n" + text);
        assertTrue(scrapes.healthy, "/health never answered 200 while the demo ran");
        assertTrue(scrapes.eventsIn > 0, "/metrics never showed lstm_events_in_total > 0");

        assertEquals(0, exit, text);
        Matcher summary = Pattern.compile("(\\d+) events, (\\d+) forecasts \\((\\d+) records\\), (\\d+) dead letters")
                .matcher(text);
        assertTrue(summary.find(), text);
        assertEquals(EVENTS, Integer.parseInt(summary.group(1)));
        assertEquals(EVENTS, Integer.parseInt(summary.group(2)), "every event has its forecast");
        assertEquals(EVENTS, Integer.parseInt(summary.group(3)), "and only one");
        assertEquals(0, Integer.parseInt(summary.group(4)));
        assertTrue(text.contains("forecast #1500  nyc_taxi @ "), "live forecasts printed:\n" + text);
        assertTrue(text.contains("backtest of demo of nab_nyc_taxi.csv.gz: 1500 events, 1 series"), text);
        // the table scores from event 750 (half the events): five steps, each with scored points
        Matcher row = Pattern.compile("(?m)^([1-5]) +(\\d+) \\| ").matcher(text);
        int rows = 0;
        while (row.find()) {
            rows++;
            assertTrue(Integer.parseInt(row.group(2)) > 700, row.group());
        }
        assertEquals(5, rows, text);
    }

    /** What the scrapes during the run saw. */
    private static final class Scrapes {
        URI base;
        boolean healthy;
        double eventsIn;
    }

    private static Scrapes scrapeWhileRunning(StringWriter out, CompletableFuture<Integer> run) {
        Scrapes seen = new Scrapes();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Pattern address = Pattern.compile("live page (http://\\S+/) ");
        Pattern events = Pattern.compile("(?m)^lstm_events_in_total(?:\\{[^}]*\\})? (\\S+)$");
        while (!run.isDone() && !(seen.healthy && seen.eventsIn > 0)) {
            if (seen.base == null) {
                Matcher m = address.matcher(out.toString());
                if (m.find()) {
                    seen.base = URI.create(m.group(1));
                }
            } else {
                try {
                    HttpResponse<String> health = client.send(HttpRequest.newBuilder(seen.base.resolve("health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    seen.healthy |= health.statusCode() == 200;
                    HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(seen.base.resolve("metrics"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    Matcher m = events.matcher(metrics.body());
                    if (metrics.statusCode() == 200 && m.find()) {
                        seen.eventsIn = Math.max(seen.eventsIn, Double.parseDouble(m.group(1)));
                    }
                } catch (IOException e) {
                    // not serving yet, or already closed: the loop ends when the run does
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return seen;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return seen;
            }
        }
        return seen;
    }
}
