package io.lstmstreams.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.App;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The {@code demo} command end to end on the first 1,500 bundled events: its own broker on a free
 * port, both roles, the replay, every event forecast exactly once, live lines and the accuracy
 * table printed, and a clean exit.
 */
@Timeout(120)
class DemoIT {
    private static final int EVENTS = 1_500;

    @Test
    void shouldForecastEveryReplayedEventOnceAndPrintTheAccuracyTable() {
        CommandLine cli = App.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("demo", "--broker-port", "0", "--exit-when-done", "--limit", Integer.toString(EVENTS),
                "--speed", "0", "--print-every", "500", "--no-progress");
        String text = out.toString();

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
}
