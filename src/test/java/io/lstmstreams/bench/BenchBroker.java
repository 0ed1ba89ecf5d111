package io.lstmstreams.bench;

import io.lstmstreams.broker.EmbeddedKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The end-to-end benchmark's broker: the embedded KRaft broker with Kafka's own segment size and no
 * retention, either in the benchmark's JVM or, with {@code -Dbench.broker=process}, in a JVM of its
 * own ({@link #main}), as in any real deployment, where the broker's garbage collector and threads
 * are not the application's. {@code -Dbench.broker.cpus=1} runs that JVM under {@code taskset -c 1};
 * {@code -Dbench.broker.heap} sets its heap (default 1g).
 */
final class BenchBroker implements AutoCloseable {
    private static final String READY = "bootstrap=";

    private final String bootstrapServers;
    /** Where it runs, for the report. */
    private final String where;
    private final EmbeddedKafkaBroker inProcess;
    private final Process process;

    private BenchBroker(String bootstrapServers, String where, EmbeddedKafkaBroker inProcess, Process process) {
        this.bootstrapServers = bootstrapServers;
        this.where = where;
        this.inProcess = inProcess;
        this.process = process;
    }

    /** Starts the broker the system properties ask for, with log segments of {@code segmentMb}. */
    static BenchBroker start(int segmentMb) throws IOException, InterruptedException {
        if (!"process".equals(System.getProperty("bench.broker", "in-jvm"))) {
            EmbeddedKafkaBroker broker = embedded(segmentMb);
            return new BenchBroker(broker.bootstrapServers(), "in the benchmark's JVM", broker, null);
        }
        List<String> command = new ArrayList<>();
        String cpus = System.getProperty("bench.broker.cpus", "");
        if (!cpus.isEmpty()) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + System.getProperty("bench.broker.heap", "1g"), "-cp", System.getProperty("java.class.path"),
                BenchBroker.class.getName(), Integer.toString(segmentMb)));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(READY)) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "bench-broker-stdout");
                drain.setDaemon(true);
                drain.start();
                return new BenchBroker(line.substring(READY.length()),
                        "in a JVM of its own" + (cpus.isEmpty() ? "" : " on CPUs " + cpus), null, process);
            }
        }
        throw new IOException("the broker process ended before it was ready (exit " + process.waitFor() + ")");
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where it runs, for the report. */
    String where() {
        return where;
    }

    Map<String, Object> clientProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    void createTopics(Collection<NewTopic> topics) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        if (inProcess != null) {
            inProcess.close();
            return;
        }
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static EmbeddedKafkaBroker embedded(int segmentMb) {
        // the embedded broker's 1 MiB segments suit tests; here they would keep the log cleaner
        // compacting the changelogs all run long. Event-time-old records must not age out either.
        return EmbeddedKafkaBroker.builder().port(0)
                .brokerProperty("log.segment.bytes", String.valueOf(segmentMb * 1024L * 1024))
                .brokerProperty("log.retention.ms", "-1")
                .start();
    }

    /** The broker process: starts, prints its address, and stops when its standard input closes. */
    public static void main(String[] args) throws Exception {
        try (EmbeddedKafkaBroker broker = embedded(Integer.parseInt(args[0]))) {
            System.out.println(READY + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() != -1) {
                // the benchmark holds the pipe open while it runs
            }
        }
        System.exit(0);
    }
}
