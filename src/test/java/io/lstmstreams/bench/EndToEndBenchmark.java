package io.lstmstreams.bench;

import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.stream.ForecastTopology;
import io.lstmstreams.stream.ModelDecoder;
import io.lstmstreams.stream.Topic;
import io.lstmstreams.stream.Topics;
import io.lstmstreams.training.KernelExport;
import io.lstmstreams.training.ModelArtefact;
import io.lstmstreams.training.ModelArtefactCodec;
import io.lstmstreams.training.NetworkFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * End-to-end throughput and latency of the forecasting topology through a real (embedded) broker,
 * next to a passthrough stateful topology that does everything but forecast; see
 * {@code docs/benchmarks-e2e.md}. A harness, not a test: it prints a table.
 *
 * <p>Usage: {@code EndToEndBenchmark [events] [keys] [guarantees] [latencySeconds]}, defaults
 * 1,000,000 events, 10,000 keys, {@code exactly_once_v2} (a comma-separated list), 20 s. System
 * property {@code bench.topologies} (default: all three, see {@link PassthroughTopology}) picks
 * topologies, e.g. to profile one; {@code bench.latency.commit-ms} the commit intervals of the
 * latency runs (default {@code 100,10}).
 *
 * <ol>
 * <li>preloads {@code events} events over {@code keys} keys into a 4-partition events topic;</li>
 * <li>per processing guarantee, runs each topology (fresh application id and state directory, one
 * stream thread, the application's own Kafka Streams settings) over the whole topic from earliest
 * and reports events/s from the stream thread's first record to its last;</li>
 * <li>per guarantee, restarts the passthrough and forecasting applications on their state with
 * {@code commit.interval.ms=100} and measures event → output latency at half the forecasting
 * throughput of the first guarantee;</li>
 * <li>times the forecasting path's pieces without Kafka over the same events.</li>
 * </ol>
 */
public final class EndToEndBenchmark {
    static final int PARTITIONS = 4;
    private static final String EVENTS_TOPIC = "bench.events";
    private static final String WARMUP_TOPIC = "bench.warmup";
    private static final long WARMUP_EVENTS = 100_000;
    private static final long RUN_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(20);
    /**
     * Leading seconds of a latency run that are sent but not counted ({@code -Dbench.latency.warmup}):
     * an application restarted on its state reads every key from RocksDB once and runs behind for
     * several seconds before it settles at the fixed rate.
     */
    private static final double LATENCY_WARMUP_SECONDS = Double.parseDouble(
            System.getProperty("bench.latency.warmup", "20"));
    /**
     * The loads latency is measured at, as fractions of the forecasting throughput under the first
     * guarantee ({@code -Dbench.latency.load=0.25,0.5}): a latency table per load.
     */
    private static final List<Double> LATENCY_LOADS = java.util.Arrays.stream(
            System.getProperty("bench.latency.load", "0.5").split(",")).map(Double::valueOf).toList();
    static final String PASSTHROUGH = "passthrough";
    static final String IO_TWIN = "io-twin";
    static final String FORECASTING = "forecasting";
    /**
     * The topologies latency is measured on: by default the real two, the others being for
     * explaining the difference between them ({@code -Dbench.latency.topologies=passthrough,io-twin,forecasting}).
     */
    private static final List<String> LATENCY_TOPOLOGIES = List.of(
            System.getProperty("bench.latency.topologies", PASSTHROUGH + "," + FORECASTING).split(","));
    /** Settings given to every run's application ({@code -Dbench.app.settings=producer.linger.ms=5,...}). */
    private static final Map<String, String> APP_SETTINGS = java.util.Arrays.stream(
            System.getProperty("bench.app.settings", "").split(",")).filter(kv -> kv.contains("="))
            .collect(java.util.stream.Collectors.toMap(kv -> kv.substring(0, kv.indexOf('=')),
                    kv -> kv.substring(kv.indexOf('=') + 1)));
    /**
     * Segment size of the benchmark's broker ({@code -Dbench.broker.segment-mb=64}): Kafka's own
     * default, 1 GiB. With 64 MiB segments the broker's log cleaner, on the same two cores, compacted
     * the forecaster's changelogs for 1–2 s every ~17 s and showed in the latency as 300–700 ms bursts.
     */
    private static final int SEGMENT_MB = Integer.getInteger("bench.broker.segment-mb", 1024);
    /** The commit intervals latency is measured at, one row each ({@code -Dbench.latency.commit-ms=100,10}). */
    private static final List<Integer> LATENCY_COMMIT_MS = java.util.Arrays.stream(
            System.getProperty("bench.latency.commit-ms", "100,10").split(",")).map(Integer::valueOf).toList();

    private final long events;
    private final int keys;
    private final List<String> guarantees;
    private final double latencySeconds;
    private final List<String> topologies;
    private final EngineConfig engineConfig = EngineConfig.defaults();
    private final Path stateRoot;
    private final List<String> report = new ArrayList<>();
    /** Events/s per guarantee and topology. */
    private final Map<String, Map<String, Double>> throughput = new LinkedHashMap<>();
    private BenchBroker kafka;
    private SyntheticSeries series;
    private ModelHolder models;
    private long nextStep;

    private EndToEndBenchmark(long events, int keys, List<String> guarantees, double latencySeconds,
            List<String> topologies) throws IOException {
        this.events = events;
        this.keys = keys;
        this.guarantees = guarantees;
        this.latencySeconds = latencySeconds;
        this.topologies = topologies;
        this.stateRoot = Files.createTempDirectory("lstm-streams-e2e-state-");
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
        int keys = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 10_000;
        List<String> guarantees = List.of((args.length > 2 ? args[2] : StreamsConfig.EXACTLY_ONCE_V2).split(","));
        double latencySeconds = args.length > 3 ? Double.parseDouble(args[3]) : 20;
        List<String> topologies = List.of(System.getProperty("bench.topologies",
                String.join(",", PASSTHROUGH, IO_TWIN, FORECASTING)).split(","));
        new EndToEndBenchmark(events, keys, guarantees, latencySeconds, topologies).run();
        // the broker's and DL4J's non-daemon threads are gone, but do not wait on stragglers
        System.exit(0);
    }

    private void run() throws Exception {
        String loadAtStart = loadAverage();
        long steps = (events + keys - 1) / keys;
        long latencySteps = (long) Math.ceil(guarantees.size() * LATENCY_COMMIT_MS.size() * LATENCY_TOPOLOGIES.size()
                * (latencySeconds + LATENCY_WARMUP_SECONDS) * LATENCY_LOADS.size() * 50_000 / keys) + 1;
        series = new SyntheticSeries(keys, SyntheticSeries.startingStepsAgo(steps + latencySteps));
        models = new ModelHolder(new ForecastModel(0, KernelExport.fromNetwork(NetworkFactory.create(engineConfig))));
        try (BenchBroker broker = BenchBroker.start(SEGMENT_MB)) {
            kafka = broker;
            line("environment: %d cores, JDK %s, OMP_NUM_THREADS=%s, max heap %d MB, load average %s",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                    Runtime.getRuntime().maxMemory() >> 20, loadAtStart);
            line("broker: %s at %s", broker.where(), broker.bootstrapServers());
            line("engine: %s", engineConfig);
            line("application settings over its defaults: %s", APP_SETTINGS.isEmpty() ? "none" : APP_SETTINGS);
            createTopics();
            warmUp(steps);
            preload(EVENTS_TOPIC, events, steps, true);
            nextStep = steps;
            throughputs();
            if (latencySeconds > 0) {
                latencies();
            }
        }
        // the breakdown keeps every key's state in a HashMap: off for runs over very many keys
        if (topologies.stream().anyMatch(t -> t.startsWith(FORECASTING))
                && Boolean.parseBoolean(System.getProperty("bench.breakdown", "true"))) {
            breakdown();
        }
        Utils.delete(stateRoot.toFile());
        line("");
        line("load average at end: %s", loadAverage());
        System.out.println();
        System.out.println("==== summary ====");
        report.forEach(System.out::println);
    }

    /**
     * Both topologies once over a small topic of their own, not reported: whichever ran first would
     * otherwise pay for compiling the Kafka client, Streams and RocksDB paths they share.
     */
    private void warmUp(long steps) throws Exception {
        long n = Math.min(WARMUP_EVENTS, events / 5);
        preload(WARMUP_TOPIC, n, steps, false);
        long start = System.nanoTime();
        for (String topology : topologies) {
            Run run = new Run("warmup", guarantees.get(0), topology, WARMUP_TOPIC);
            run.process(n, Map.of());
        }
        line("warm-up: %,d events through each topology in %.1f s (not reported)", n,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Creates all topics up front and waits until every partition has a leader. Creation returns when
     * the controller has the topics; the broker may take a moment longer to serve them, and an
     * idempotent producer that writes in that moment gets NOT_LEADER_OR_FOLLOWER, then an
     * out-of-order sequence on its retry, and its batches expire after two minutes.
     */
    private void createTopics() throws Exception {
        List<NewTopic> all = new ArrayList<>(List.of(new NewTopic(WARMUP_TOPIC, PARTITIONS, (short) 1),
                new NewTopic(EVENTS_TOPIC, PARTITIONS, (short) 1)));
        for (String topology : topologies) {
            all.addAll(new Run("warmup", guarantees.get(0), topology, WARMUP_TOPIC).outputs());
            for (String guarantee : guarantees) {
                all.addAll(new Run(shortName(guarantee), guarantee, topology, EVENTS_TOPIC).outputs());
            }
        }
        kafka.createTopics(all);
        List<String> names = all.stream().map(NewTopic::name).toList();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            long deadline = System.currentTimeMillis() + 30_000;
            while (admin.describeTopics(names).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream()).anyMatch(p -> p.leader() == null)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("topics have no leaders after 30 s");
                }
                Thread.sleep(50);
            }
        }
        Thread.sleep(1000);
    }

    private void throughputs() throws Exception {
        line("");
        line("%-16s %-20s %9s %8s %10s %9s %9s %9s %9s %9s %8s  %s", "guarantee", "topology", "events", "proc_s",
                "events/s", "start_s", "commit_s", "state_B", "segments", "disk_MB", "rss_MB", "load average (end)");
        long total = endOffset(EVENTS_TOPIC);
        for (String guarantee : guarantees) {
            Map<String, Double> rates = new LinkedHashMap<>();
            for (String topology : topologies) {
                Run run = new Run(shortName(guarantee), guarantee, topology, EVENTS_TOPIC);
                RunProgress p = run.process(total, Map.of());
                double rate = total / p.processingSeconds();
                rates.put(topology, rate);
                line("%-16s %-20s %9d %8.1f %10.0f %9.1f %9.2f %9.0f %9d %9.1f %8d  %s", guarantee, topology, total,
                        p.processingSeconds(), rate, run.startSeconds, run.commitSeconds, p.meanStateBytes(),
                        p.segments(), run.stateDirBytes / 1e6, run.residentBytes >> 20, loadAverage());
                if (p.deadLetters() > 0) {
                    line("  warning: %d dead letters", p.deadLetters());
                }
            }
            throughput.put(guarantee, rates);
        }
        throughput.forEach((g, rates) -> {
            Double base = rates.get(PASSTHROUGH);
            rates.forEach((topology, rate) -> {
                if (base != null && !topology.equals(PASSTHROUGH)) {
                    line("ratio %s/passthrough, %s: %.2f", topology, g, rate / base);
                }
            });
        });
    }

    /**
     * The real topologies again, on their state, at one input rate for all: half the forecasting
     * throughput under the first guarantee (at-least-once throughput was measured with its default
     * 30 s commit interval, which the latency runs do not use).
     */
    private void latencies() throws Exception {
        Map<String, Double> first = throughput.get(guarantees.get(0));
        double max = first.getOrDefault(FORECASTING, first.values().iterator().next());
        // -Dbench.latency.rate fixes the rate instead, e.g. half of what a low-latency setting sustains
        double fixed = Double.parseDouble(System.getProperty("bench.latency.rate", "0"));
        if (fixed > 0) {
            latencyTable(fixed, "set by bench.latency.rate");
            return;
        }
        for (double load : LATENCY_LOADS) {
            latencyTable(Math.max(1, Math.round(max * load)), String.format(Locale.ROOT,
                    "%.0f%% of the forecasting throughput under %s", load * 100, guarantees.get(0)));
        }
    }

    /** One latency table: a row per commit interval, guarantee and latency topology, all at {@code rate}. */
    private void latencyTable(double rate, String why) throws Exception {
        line("");
        line("latency: each app restarted on its state with the commit.interval.ms of the row; %.0f events/s "
                + "(%s) for %.0f s after %.0f s not counted; send -> read by a read_committed consumer", rate,
                why, latencySeconds, LATENCY_WARMUP_SECONDS);
        line("%-16s %-12s %9s %9s %9s %9s %8s %8s %8s %8s  %s", "guarantee", "topology", "commit_ms", "rate/s",
                "sent/s", "measured", "p50_ms", "p99_ms", "p99.9_ms", "max_ms", "load average (end)");
        for (int commitMs : LATENCY_COMMIT_MS) {
            for (String guarantee : guarantees) {
                for (String topology : topologies) {
                    if (!LATENCY_TOPOLOGIES.contains(topology)) {
                        continue;
                    }
                    Run run = new Run(shortName(guarantee), guarantee, topology, EVENTS_TOPIC);
                    LatencyProbe.Result r = run.latency(rate, commitMs);
                    line("%-16s %-12s %9d %9.0f %9.0f %9d %8.1f %8.1f %8.1f %8.1f  %s", guarantee, topology, commitMs,
                            r.targetRate(), r.sentRate(), r.measured(), r.p50Ms(), r.p99Ms(), r.p999Ms(), r.maxMs(),
                            loadAverage());
                }
            }
        }
    }

    /**
     * Writes {@code n} events, time-major (every key's step s before any key's step s+1), with a
     * producer tuned for bulk: 20 ms linger, 256 KiB batches, lz4.
     */
    private void preload(String topic, long n, long steps, boolean report) throws Exception {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        long start = System.nanoTime();
        long sent = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (long step = 0; step < steps && sent < n; step++) {
                for (int k = 0; k < keys && sent < n; k++, sent++) {
                    producer.send(new ProducerRecord<>(topic, series.key(k), series.json(k, step)), (m, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("preloading " + topic + " failed", failure.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (report) {
            line("preload: %,d events over %,d keys (%d steps per key, 30 min apart) into %d partitions in %.1f s "
                    + "(%,.0f events/s; lz4, linger 20 ms, 256 KiB batches); topic holds %,d records", sent, keys,
                    steps, PARTITIONS, seconds, sent / seconds, endOffset(topic));
        }
    }

    private void breakdown() {
        ForecastPathBreakdown.Result r = new ForecastPathBreakdown(engineConfig, models).run(series, events);
        line("");
        line("forecasting path without Kafka (the same %,d events in the same order, a HashMap as store), "
                + "µs per event:", events);
        String[] parts = ForecastPathBreakdown.parts();
        StringBuilder sb = new StringBuilder();
        for (int p = 0; p < parts.length; p++) {
            sb.append(String.format(Locale.ROOT, "%s %.2f, ", parts[p], r.micros()[p]));
        }
        line("  %stotal %.2f (%,.0f events/s)", sb, r.totalMicros(), 1e6 / r.totalMicros());
        line("  mean bytes: state %.0f, forecast %.0f, segment %.0f (one per %.1f events)", r.meanStateBytes(),
                r.meanForecastBytes(), r.meanSegmentBytes(), r.eventsPerSegment());
        throughput.forEach((g, rates) -> rates.forEach((topology, rate) ->
                line("  end to end, %s, %s: %.2f µs per event", g, topology, 1e6 / rate)));
    }

    /** Decodes real artefacts; the benchmark publishes none, so the seed model stays in use. */
    private ModelDecoder decoder() {
        return bytes -> {
            ModelArtefact artefact = ModelArtefactCodec.decode(bytes, engineConfig);
            return new ForecastModel(artefact.version(), KernelExport.fromFlatParams(engineConfig, artefact.params()));
        };
    }

    private static String shortName(String guarantee) {
        return guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) ? "eos" : "alos";
    }

    private long endOffset(String topic) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /**
     * One application (a topology under one guarantee, with its own id, state directory and output
     * topics) over one events topic; it can be run again on its state.
     */
    private final class Run {
        private final String guarantee;
        private final String topology;
        private final String eventsTopic;
        private final String appId;
        private final String prefix;
        double startSeconds;
        double commitSeconds;
        /** Of the state directory once the application has stopped (RocksDB files, checkpoints). */
        long stateDirBytes;
        /** Of the whole process (broker, app, producer) at the end of the run. */
        long residentBytes;

        Run(String tag, String guarantee, String topology, String eventsTopic) {
            this.guarantee = guarantee;
            this.topology = topology;
            this.eventsTopic = eventsTopic;
            this.appId = "bench-" + tag + "-" + topology;
            this.prefix = "bench." + tag + "." + topology + ".";
        }

        /** Starts fresh, processes the whole topic ({@code total} records) and stops; returns the counts. */
        RunProgress process(long total, Map<String, String> settings) throws Exception {
            RunProgress progress = new RunProgress(total);
            long start = System.nanoTime();
            try (KafkaStreams streams = start(progress, settings)) {
                if (!progress.awaitAll(RUN_TIMEOUT_MS)) {
                    throw new IllegalStateException(appId + " processed only " + progress.done() + " of " + total
                            + " records; state " + streams.state());
                }
                awaitCommitted(total);
                commitSeconds = (System.nanoTime() - progress.lastNanos()) / 1e9;
                startSeconds = (progress.firstNanos() - start) / 1e9;
                residentBytes = residentBytes();
                stop(streams);
            }
            stateDirBytes = directoryBytes(stateRoot.resolve(appId));
            return progress;
        }

        /** Starts again on its state, catches up, and measures latency at {@code rate} events/s. */
        LatencyProbe.Result latency(double rate, int commitMs) throws Exception {
            RunProgress progress = new RunProgress(Long.MAX_VALUE);
            Map<String, String> settings = new HashMap<>(
                    Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(commitMs)));
            if (StreamsTrace.ENABLED) {
                settings.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG");
                settings.put(StreamsConfig.METRICS_SAMPLE_WINDOW_MS_CONFIG, "1000");
                settings.put(StreamsConfig.METRICS_NUM_SAMPLES_CONFIG, "1");
            }
            try (KafkaStreams streams = start(progress, settings);
                    StreamsTrace trace = StreamsTrace.ENABLED ? new StreamsTrace(streams) : null) {
                awaitCommitted(endOffset(eventsTopic));
                LatencyProbe probe = new LatencyProbe(kafka.clientProperties(), eventsTopic, outputTopic(), series);
                LatencyProbe.Result result = probe.run(nextStep, rate,
                        latencySeconds + LATENCY_WARMUP_SECONDS, LATENCY_WARMUP_SECONDS);
                nextStep += (long) Math.ceil(Math.round(rate * (latencySeconds + LATENCY_WARMUP_SECONDS)) / (double) keys);
                stop(streams);
                return result;
            }
        }

        private KafkaStreams start(RunProgress progress, Map<String, String> settings) {
            KafkaStreams streams = new KafkaStreams(topology(progress), appConfig(settings).toStreamsProperties());
            streams.setUncaughtExceptionHandler(e -> {
                e.printStackTrace();
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            return streams;
        }

        /** Leaves the group on close, so that the next start on this id need not wait out a session. */
        private void stop(KafkaStreams streams) {
            streams.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofMinutes(1)));
        }

        private Topology topology(RunProgress progress) {
            return switch (topology) {
                case PASSTHROUGH -> PassthroughTopology.build(PassthroughTopology.Shape.SMALL, eventsTopic,
                        outputTopic(), null, progress);
                case IO_TWIN -> PassthroughTopology.build(PassthroughTopology.Shape.IO_TWIN, eventsTopic,
                        outputTopic(), prefix + "second", progress);
                case FORECASTING ->
                        ForecastTopology.build(topics(), engineConfig, models, decoder(), progress);
                default -> throw new IllegalArgumentException("unknown topology " + topology);
            };
        }

        private boolean forecasting() {
            return topology.startsWith(FORECASTING);
        }

        /** The production topics under this run's prefix, except for the events topic. */
        private Topics topics() {
            Topics own = Topics.withPrefix(prefix);
            return new Topics(new Topic<>(eventsTopic, Serdes.ByteArray(), Serdes.ByteArray()), own.forecasts(),
                    own.deadLetters(), own.segments(), own.models());
        }

        private String outputTopic() {
            return forecasting() ? topics().forecasts().name() : prefix + "out";
        }

        /** The output topics this run's topology writes to. */
        List<NewTopic> outputs() {
            if (!forecasting()) {
                return List.of(new NewTopic(outputTopic(), PARTITIONS, (short) 1),
                        new NewTopic(prefix + "second", PARTITIONS, (short) 1));
            }
            Topics t = topics();
            return List.of(new NewTopic(t.forecasts().name(), PARTITIONS, (short) 1),
                    new NewTopic(t.deadLetters().name(), PARTITIONS, (short) 1),
                    new NewTopic(t.segments().name(), PARTITIONS, (short) 1),
                    new NewTopic(t.models().name(), 1, (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                                    TopicConfig.CLEANUP_POLICY_COMPACT)));
        }

        /** The application's own configuration (its defaults) with this run's id, state and guarantee. */
        private AppConfig appConfig(Map<String, String> settings) {
            Properties p = new Properties();
            p.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, appId);
            p.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.setProperty(StreamsConfig.STATE_DIR_CONFIG, stateRoot.resolve(appId).toString());
            p.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
            p.setProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
            APP_SETTINGS.forEach(p::setProperty);
            settings.forEach(p::setProperty);
            return AppConfig.fromProperties(p);
        }

        /** Waits until the application's committed offsets on its events topic sum to {@code total}. */
        private void awaitCommitted(long total) throws Exception {
            long deadline = System.currentTimeMillis() + RUN_TIMEOUT_MS;
            try (Admin admin = Admin.create(kafka.clientProperties())) {
                while (true) {
                    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(appId)
                            .partitionsToOffsetAndMetadata().get();
                    long committed = offsets.entrySet().stream()
                            .filter(e -> e.getKey().topic().equals(eventsTopic) && e.getValue() != null)
                            .mapToLong(e -> e.getValue().offset()).sum();
                    if (committed >= total) {
                        return;
                    }
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException(appId + " committed " + committed + " of " + total);
                    }
                    Thread.sleep(20);
                }
            }
        }
    }

    static long residentBytes() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // not Linux: unknown
        }
        return -1;
    }

    static long directoryBytes(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        report.add(s);
    }
}
