package io.lstmstreams.http;

import java.time.Duration;
import java.util.Random;

/**
 * Runs {@link LiveHarness} until killed, feeding {@value #SERIES} series a few events per second, so
 * that {@code bench/prometheus-check.sh} has a live target without the CLI:
 * {@code java -cp target/classes:target/test-classes:<deps> io.lstmstreams.http.ObservabilitySmokeMain PORT}.
 */
public final class ObservabilitySmokeMain {
    private static final int SERIES = 4;
    private static final long EVENT_EVERY_MS = 50;

    private ObservabilitySmokeMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        LiveHarness harness = new LiveHarness(port);
        Thread feeder = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            feeder.interrupt();
            harness.close();
        }, "smoke-shutdown"));
        if (!harness.start(Duration.ofSeconds(60))) {
            throw new IllegalStateException("Kafka Streams did not reach RUNNING");
        }
        System.out.println("smoke app serving on " + harness.http.uri());
        Random random = new Random(7);
        try {
            for (int i = 0; ; i++) {
                for (int s = 0; s < SERIES; s++) {
                    harness.send("series-" + s, i, random);
                }
                Thread.sleep(EVENT_EVERY_MS);
            }
        } catch (InterruptedException | IllegalStateException e) {
            // shutting down: the hook closes the harness (and its producer)
        }
    }
}
