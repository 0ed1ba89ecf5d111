package io.lstmstreams.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The application as a separate JVM ({@code java -jar target/lstm-streams.jar run --config FILE}),
 * as it runs in production, so that it can be killed with SIGKILL: no shutdown hook, no final
 * commit, whatever was in flight is lost with the process. Its output goes to a log file, whose
 * tail {@link #tail} gives for a failure message. The HTTP port is fixed per process so that
 * {@code /health} tells when Kafka Streams is RUNNING.
 */
final class AppProcess {
    /** The shaded jar of the {@code package} phase, which runs before the integration tests. */
    static final Path JAR = Path.of(System.getProperty("basedir", "."), "target", "lstm-streams.jar");
    /** SIGKILL's exit status as the JDK reports it: 128 + 9. */
    static final int KILLED = 137;
    /** The exit status of a JVM that shut down on SIGTERM (its shutdown hooks done): 128 + 15. */
    static final int TERMINATED = 143;
    /**
     * A modest heap; the client compiler only and the serial collector: each process lives seconds,
     * and on a small shared box C2's compiler threads and a parallel collector double its start-up.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final long startNanos = System.nanoTime();

    private AppProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    /**
     * Writes {@code config} (plus a free {@code http.port}) to {@code name.properties} in {@code dir}
     * and starts the app on it, its output going to {@code name.log}.
     */
    static AppProcess start(Path dir, String name, Properties config) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the package phase first");
        }
        int port = freePort();
        Properties p = new Properties();
        p.putAll(config);
        p.setProperty("http.port", Integer.toString(port));
        Path file = dir.resolve(name + ".properties");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, null);
        }
        Path log = dir.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "run", "--config", file.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // one OpenMP thread, as in the tests' own JVM: the box is small and shared
        builder.environment().put("OMP_NUM_THREADS", "1");
        return new AppProcess(builder.start(), log, port);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Since the process was started. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** True while {@code /health} says Kafka Streams is RUNNING; false before, after, or on no answer. */
    boolean running() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"streams\":\"RUNNING\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until Kafka Streams is RUNNING; false if the process died or {@code timeout} passed. */
    boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (running()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux); returns the exit status: {@value #KILLED}. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /** SIGTERM: the app's shutdown hook commits and leaves; returns the exit status, {@value #TERMINATED}. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            return kill();
        }
        return process.exitValue();
    }

    /** The last {@code lines} lines of the process's output. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "---- " + log + " (last " + Math.min(lines, all.size()) + " of " + all.size() + " lines)\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "---- " + log + ": " + e.getMessage();
        }
    }

    /** Tails of several processes' logs, newest last. */
    static String tails(List<AppProcess> processes, int count, int lines) {
        List<String> out = new ArrayList<>();
        for (AppProcess p : processes.subList(Math.max(0, processes.size() - count), processes.size())) {
            out.add(p.tail(lines));
        }
        return String.join("\n", out);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
