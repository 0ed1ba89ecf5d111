package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.engine.StepResult;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.stream.DeadLetterHeaders;
import io.lstmstreams.stream.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as a separate JVM, killed with SIGKILL again and again while a fixed input flows
 * in, and restarted each time on the same state directory (every fourth time on a wiped one, so
 * that the key states come back from the changelog alone). Kills land at random moments, seeded
 * and printed: mostly while events are being processed and transactions are open, some during
 * start-up and restoration. The forecasts and dead letters that a {@code read_committed} consumer
 * sees are then compared with what the input must give:
 * <ul>
 *   <li>exactly-once, one fixed model (training off): byte for byte the forecasts of an
 *       uninterrupted run of the same application on the same input, per key in the same order;
 *       the same dead letters;</li>
 *   <li>exactly-once with training on (models change at moments that depend on timing): exactly
 *       one forecast per valid event, per key in event order;</li>
 *   <li>at-least-once (training off): every valid event forecast at least once, every forecast
 *       byte-identical to the uninterrupted run's for its event; duplicates counted and reported.</li>
 * </ul>
 * Kills: {@code -Dcrash.kills} (default {@value #KILLS}) for the first, {@code -Dcrash.kills.short}
 * (default {@value #SHORT_KILLS}) for the others; {@code -Dcrash.seed} repeats a run's moments.
 */
@Timeout(900)
class CrashConsistencyIT {
    private static final int KILLS = Integer.getInteger("crash.kills", 10);
    private static final int SHORT_KILLS = Integer.getInteger("crash.kills.short", 5);
    private static final long SEED = Long.getLong("crash.seed", System.nanoTime());
    private static final CrashInput INPUT = new CrashInput(24, 150);
    /** The feeder spreads the input over about this much time per kill, so that every kill meets input. */
    private static final Duration FEED_PER_KILL = Duration.ofSeconds(5);
    private static final Duration FEED_PAUSE = Duration.ofMillis(100);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DONE_TIMEOUT = Duration.ofSeconds(120);
    /** After everything expected is there: long enough for a surplus (a duplicate) to show. */
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final int PARTITIONS = 4;

    private static EmbeddedKafkaBroker kafka;
    private static CommittedOutputs.Snapshot reference;

    /** Each process's config and output, kept after the run for a look at what happened. */
    private static final Path LOGS = Path.of(System.getProperty("basedir", "."), "target", "it-logs",
            "CrashConsistencyIT");

    @TempDir
    static Path dir;

    private final List<AppProcess> processes = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws IOException {
        deleteRecursively(LOGS);
        Files.createDirectories(LOGS);
        System.out.println("crash tests: seed " + SEED + " (-Dcrash.seed=" + SEED + " repeats the kill moments)");
        kafka = EmbeddedKafkaBroker.builder().port(0)
                // a killed member's session ends after the app's 3 s (test setting) instead of Kafka's 45 s
                .brokerProperty("group.min.session.timeout.ms", "1000")
                // a transaction left open by a killed process whose state was wiped (a new producer id)
                // is aborted soon after its timeout, not up to 10 s later
                .brokerProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldCommitByteIdenticalForecastsWhenKilledRepeatedlyUnderExactlyOnce() throws Exception {
        CommittedOutputs.Snapshot uninterrupted = reference();
        Run run = crashRun("eos", StreamsConfig.EXACTLY_ONCE_V2, false, KILLS, s -> true);

        assertEquals(INPUT.valid(), run.outputs().forecasts().size(), "forecasts: one per valid event");
        assertEquals(INPUT.invalid(), run.outputs().deadLetters().size(), "dead letters: one per invalid event");
        Map<String, List<String>> expected = valuesByKey(uninterrupted.forecasts());
        Map<String, List<String>> actual = valuesByKey(run.outputs().forecasts());
        assertEquals(expected.keySet(), actual.keySet(), "keys forecast");
        for (String key : expected.keySet()) {
            assertNull(firstDifference(expected.get(key), actual.get(key)), key);
        }
        assertEquals(deadLettersByKey(uninterrupted.deadLetters()), deadLettersByKey(run.outputs().deadLetters()),
                "dead letters (reason and original value) per key");
        System.out.printf("exactly_once_v2, fixed model: %d kills survived, %d forecasts and %d dead letters "
                + "byte-identical to the uninterrupted run, 0 lost, 0 duplicated, in %d s%n", run.kills(),
                run.outputs().forecasts().size(), run.outputs().deadLetters().size(), run.seconds());
    }

    @Test
    void shouldForecastEveryValidEventExactlyOnceWhenKilledRepeatedlyWhileTraining() throws Exception {
        // the first process runs until a trained model is in use, so that every restart starts with
        // the newest model from the models topic, and models change while the stream is killed
        Run run = crashRun("eos-training", StreamsConfig.EXACTLY_ONCE_V2, true, SHORT_KILLS,
                s -> s.forecasts().stream().anyMatch(r -> forecast(r).modelVersion() > 0));

        Map<String, List<Long>> origins = originsByKey(run.outputs().forecasts());
        Map<String, List<Long>> expected = INPUT.validTimestamps();
        assertEquals(expected.keySet(), origins.keySet(), "keys forecast");
        for (String key : expected.keySet()) {
            assertNull(firstDifference(expected.get(key), origins.get(key)),
                    key + ": one forecast per event, in order");
        }
        assertEquals(INPUT.invalidValues(), originalValuesByKey(run.outputs().deadLetters()), "dead letters per key");
        Set<Long> versions = new TreeSet<>();
        run.outputs().forecasts().forEach(r -> versions.add(forecast(r).modelVersion()));
        long beforeFirstKill = run.atFirstKill().forecasts().stream().mapToLong(r -> forecast(r).modelVersion())
                .max().orElse(0);
        assertTrue(versions.stream().anyMatch(v -> v > beforeFirstKill),
                "a model trained after a crash forecast (newest before the first kill: v" + beforeFirstKill
                        + ", seen " + versions + ")");
        System.out.printf("exactly_once_v2, training on: %d kills survived, %d forecasts (one per valid event) and "
                + "%d dead letters, model versions %s, in %d s%n", run.kills(), run.outputs().forecasts().size(),
                run.outputs().deadLetters().size(), versions, run.seconds());
    }

    @Test
    void shouldLoseNothingWhenKilledRepeatedlyUnderAtLeastOnce() throws Exception {
        CommittedOutputs.Snapshot uninterrupted = reference();
        Run run = crashRun("alos", StreamsConfig.AT_LEAST_ONCE, false, SHORT_KILLS, s -> true);

        Map<String, String> expected = new HashMap<>();
        uninterrupted.forecasts().forEach(r -> expected.put(eventId(r), text(r.value())));
        Map<String, Integer> times = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : run.outputs().forecasts()) {
            String event = eventId(r);
            assertTrue(expected.containsKey(event), "a forecast for an event never sent: " + event);
            // the engine only accepts an event after its predecessor, so a repeat starts from the same state
            assertEquals(expected.get(event), text(r.value()), "forecast of " + event + " as in the uninterrupted run");
            times.merge(event, 1, Integer::sum);
        }
        assertEquals(expected.keySet(), times.keySet(), "every valid event forecast at least once");
        long duplicates = run.outputs().forecasts().size() - times.size();

        // a replay of an event whose new key state had already reached the changelog is rejected as
        // a duplicate (or out of order); those are the only dead letters beyond the invalid events
        Set<String> validValues = new HashSet<>();
        INPUT.events().stream().filter(CrashInput.Event::valid).forEach(e -> validValues.add(e.key() + " " + e.text()));
        Map<String, List<String>> invalid = new HashMap<>();
        long replays = 0;
        for (ConsumerRecord<byte[], byte[]> r : run.outputs().deadLetters()) {
            String reason = DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON);
            if (validValues.contains(text(r.key()) + " " + text(r.value()))) {
                assertTrue(StepResult.DUPLICATE.equals(reason) || StepResult.OUT_OF_ORDER.equals(reason),
                        "a valid event dead-lettered as " + reason);
                replays++;
            } else {
                invalid.computeIfAbsent(text(r.key()), k -> new ArrayList<>()).add(text(r.value()));
            }
        }
        Map<String, List<String>> expectedInvalid = INPUT.invalidValues();
        assertEquals(expectedInvalid.keySet(), invalid.keySet(), "keys with dead letters");
        for (Map.Entry<String, List<String>> e : expectedInvalid.entrySet()) {
            assertEquals(new HashSet<>(e.getValue()), new HashSet<>(invalid.get(e.getKey())),
                    e.getKey() + ": every invalid event dead-lettered, nothing else");
        }
        long deadLetterDuplicates = invalid.values().stream().mapToLong(List::size).sum() - INPUT.invalid();
        System.out.printf("at_least_once: %d kills, %d forecasts for %d valid events, %d duplicates (all "
                + "byte-identical), 0 lost; %d replays dead-lettered as duplicate, %d dead letters repeated, "
                + "in %d s%n", run.kills(), run.outputs().forecasts().size(), times.size(), duplicates, replays,
                deadLetterDuplicates, run.seconds());
    }

    // ----------------------------------------------------------------------------------------- runs

    private static final Predicate<CommittedOutputs.Snapshot> INPUT_DONE = CrashConsistencyIT::covers;

    /** A crash run's outputs at the end and when it was first killed, and how it went. */
    private record Run(CommittedOutputs.Snapshot outputs, CommittedOutputs.Snapshot atFirstKill, int kills,
            long seconds) {
    }

    /** The uninterrupted run: all input up front, one process from start to end. Once per class. */
    private CommittedOutputs.Snapshot reference() throws Exception {
        if (reference != null) {
            return reference;
        }
        Topics topics = createTopics("ref");
        INPUT.sendAll(kafka, topics.events().name());
        long start = System.nanoTime();
        try (CommittedOutputs outputs = new CommittedOutputs(kafka, topics, PARTITIONS)) {
            AppProcess app = launch("ref", "ref-0", appConfig("ref", StreamsConfig.EXACTLY_ONCE_V2, false));
            assertTrue(app.awaitRunning(START_TIMEOUT), "running");
            long running = millisSince(start);
            assertTrue(outputs.await(INPUT_DONE, DONE_TIMEOUT), "every input processed");
            long done = millisSince(start);
            Thread.sleep(GRACE.toMillis());
            reference = outputs.snapshot();
            assertEquals(AppProcess.TERMINATED, app.stop(), "exit status after SIGTERM");
            System.out.printf("uninterrupted run: JVM start to RUNNING %d ms, %d forecasts and %d dead letters "
                    + "committed %d ms after start%n", running, reference.forecasts().size(),
                    reference.deadLetters().size(), done);
        } catch (AssertionError | RuntimeException e) {
            System.out.println(AppProcess.tails(processes, 1, 80));
            throw e;
        }
        assertEquals(INPUT.valid(), reference.forecasts().size(), "forecasts of the uninterrupted run");
        assertEquals(INPUT.invalidValues(), originalValuesByKey(reference.deadLetters()),
                "dead letters of the uninterrupted run");
        return reference;
    }

    /**
     * Feeds the input at a steady pace and kills the application {@code kills} times, restarting it
     * at once, the first time not before the committed outputs satisfy {@code firstKillAfter}; then
     * lets a last process run until every input has its output, and a grace period after.
     */
    private Run crashRun(String name, String guarantee, boolean training, int kills,
            Predicate<CommittedOutputs.Snapshot> firstKillAfter) throws Exception {
        Random random = new Random(SEED ^ name.hashCode());
        Topics topics = createTopics(name);
        Properties config = appConfig(name, guarantee, training);
        Path state = Path.of(config.getProperty("state.dir"));
        long ticks = Math.max(1, FEED_PER_KILL.multipliedBy(kills).toMillis() / FEED_PAUSE.toMillis());
        int batch = (int) Math.ceil(INPUT.events().size() / (double) ticks);
        long start = System.nanoTime();
        CommittedOutputs.Snapshot atFirstKill = null;
        try (CommittedOutputs outputs = new CommittedOutputs(kafka, topics, PARTITIONS);
                CrashInput.Feeder feeder = INPUT.new Feeder(kafka, topics.events().name(), batch, FEED_PAUSE)) {
            for (int i = 0; i < kills; i++) {
                boolean wipe = i % 4 == 3;
                if (wipe) {
                    deleteRecursively(state);
                }
                AppProcess app = launch(name, name + "-" + i, config);
                String moment;
                if (i == 0) {
                    assertTrue(outputs.await(firstKillAfter, DONE_TIMEOUT), "ready for the first kill");
                }
                if (i % 3 == 2) {
                    long delay = 1000 + random.nextInt(4000);
                    Thread.sleep(delay);
                    moment = "during start-up, " + delay + " ms after launch";
                } else {
                    assertTrue(app.awaitRunning(START_TIMEOUT), name + "-" + i + " running");
                    long running = app.age().toMillis();
                    int before = outputs.total();
                    outputs.await(s -> s.total() > before || feeder.sent() == INPUT.events().size(), DONE_TIMEOUT);
                    long delay = random.nextInt(1000);
                    Thread.sleep(delay);
                    moment = "RUNNING after " + running + " ms, killed " + delay + " ms after its first commit";
                }
                int sent = feeder.sent();
                assertEquals(AppProcess.KILLED, app.kill(), "exit status: killed by SIGKILL");
                CommittedOutputs.Snapshot committed = outputs.snapshot();
                if (i == 0) {
                    atFirstKill = committed;
                }
                System.out.printf("%s kill %d%s: %s; %d of %d events sent, %d outputs committed%n", name, i + 1,
                        wipe ? " (started on a wiped state dir)" : "", moment, sent, INPUT.events().size(),
                        committed.total());
            }
            feeder.finishNow();
            AppProcess last = launch(name, name + "-last", config);
            assertTrue(outputs.await(INPUT_DONE, DONE_TIMEOUT), "every input processed after the last restart");
            Thread.sleep(GRACE.toMillis());
            CommittedOutputs.Snapshot snapshot = outputs.snapshot();
            assertEquals(AppProcess.TERMINATED, last.stop(), "exit status after SIGTERM");
            return new Run(snapshot, atFirstKill, kills, Duration.ofNanos(System.nanoTime() - start).toSeconds());
        } catch (AssertionError | RuntimeException e) {
            System.out.println(AppProcess.tails(processes, 2, 60) + "\n(every process's output is in " + LOGS + ")");
            throw e;
        } finally {
            for (AppProcess p : processes) {
                if (p.isAlive()) {
                    p.kill();
                }
            }
        }
    }

    private AppProcess launch(String name, String incarnation, Properties config) throws IOException {
        AppProcess app = AppProcess.start(LOGS, incarnation, config);
        processes.add(app);
        return app;
    }

    private static Topics createTopics(String name) {
        Topics topics = Topics.withPrefix(name + ".");
        for (String topic : List.of(topics.events().name(), topics.forecasts().name(), topics.deadLetters().name())) {
            kafka.createTopic(topic, PARTITIONS);
        }
        return topics;
    }

    /** The small engine of the other ITs, quick commits, and a short session so that a restart takes over soon. */
    private static Properties appConfig(String name, String guarantee, boolean training) {
        Properties p = Cluster.smallEngine();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("application.id", name);
        p.setProperty("topics.prefix", name + ".");
        p.setProperty("topics.partitions", Integer.toString(PARTITIONS));
        p.setProperty("state.dir", dir.resolve(name + "-state").toString());
        p.setProperty("processing.guarantee", guarantee);
        p.setProperty("training.enabled", Boolean.toString(training));
        // a retraining every 4 steps of the 24 keys: models change within a process's few seconds
        p.setProperty("training.retrain.every-events", "96");
        p.setProperty("commit.interval.ms", "100");
        p.setProperty("session.timeout.ms", "3000");
        p.setProperty("heartbeat.interval.ms", "1000");
        return p;
    }

    // ------------------------------------------------------------------------------------- outputs

    /** Whether every valid event has a forecast and every invalid one a dead letter (duplicates aside). */
    private static boolean covers(CommittedOutputs.Snapshot s) {
        if (s.forecasts().size() < INPUT.valid() || s.deadLetters().size() < INPUT.invalid()) {
            return false;
        }
        Set<String> forecast = new HashSet<>();
        s.forecasts().forEach(r -> forecast.add(eventId(r)));
        Map<String, List<String>> dead = originalValuesByKey(s.deadLetters());
        for (CrashInput.Event e : INPUT.events()) {
            boolean there = e.valid() ? forecast.contains(e.key() + "@" + e.timestamp())
                    : dead.getOrDefault(e.key(), List.of()).contains(e.text());
            if (!there) {
                return false;
            }
        }
        return true;
    }

    private static final Deserializer<Forecast> FORECASTS = Topics.withDefaultPrefix().forecasts().valueSerde()
            .deserializer();

    private static Forecast forecast(ConsumerRecord<byte[], byte[]> r) {
        return FORECASTS.deserialize(r.topic(), r.value());
    }

    /** Series and origin time of a forecast record. */
    private static String eventId(ConsumerRecord<byte[], byte[]> r) {
        Forecast f = forecast(r);
        return f.seriesId() + "@" + f.originTimestamp();
    }

    /** Per key, the forecast values (JSON) in the order the topic holds them. */
    private static Map<String, List<String>> valuesByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> byKey = new HashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(text(r.key()), k -> new ArrayList<>()).add(text(r.value())));
        return byKey;
    }

    private static Map<String, List<Long>> originsByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<Long>> byKey = new HashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(text(r.key()), k -> new ArrayList<>())
                .add(forecast(r).originTimestamp()));
        return byKey;
    }

    /** Per key, each dead letter's reason and original value, in order. */
    private static Map<String, List<String>> deadLettersByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> byKey = new HashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(text(r.key()), k -> new ArrayList<>())
                .add(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON) + " " + text(r.value())));
        return byKey;
    }

    private static Map<String, List<String>> originalValuesByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> byKey = new HashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(text(r.key()), k -> new ArrayList<>()).add(text(r.value())));
        return byKey;
    }

    /** Null if equal, else where and how two sequences first differ. */
    private static <T> String firstDifference(List<T> expected, List<T> actual) {
        assertNotNull(actual, "no records");
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                return "record " + i + ": expected " + expected.get(i) + " but was " + actual.get(i);
            }
        }
        if (expected.size() != actual.size()) {
            return expected.size() + " records expected, " + actual.size() + " found"
                    + (actual.size() > expected.size() ? "; first surplus " + actual.get(expected.size())
                            : "; first missing " + expected.get(actual.size()));
        }
        return null;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
