package io.lstmstreams.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Makes the meters of third-party binders (Kafka's clients, Micrometer's process metrics) follow
 * Prometheus' conventions as {@code promtool check metrics} enforces them, so that the whole scrape
 * lints clean and a new offender shows up in the check rather than hiding among known ones:
 * <ul>
 *   <li>meters in nanoseconds or milliseconds ({@code io.time.ns.total}, {@code start.time.ms},
 *       {@code process.cpu.time}) are dropped: Prometheus wants seconds, and a filter can rename a
 *       meter but not rescale its values. They are Kafka's I/O, transaction and blocked-time totals
 *       and the process CPU time; {@code process.cpu.usage} and Kafka's rates and latencies (in
 *       seconds or unitless) remain, and the dashboard uses none of the dropped ones;
 *   <li>gauges ending in {@code .count}, a suffix reserved for histograms and summaries, are renamed:
 *       {@code connection.count} → {@code connections}, {@code system.cpu.count} → {@code system.cpus};
 *   <li>meters without a description get one naming their source, since an empty HELP is a lint error.
 * </ul>
 * The application's own {@code lstm.*} meters are named right to begin with and pass through untouched.
 */
final class PrometheusLint implements MeterFilter {
    /** Name tokens and base units of meters in a unit smaller than the second. */
    private static final Set<String> SUB_SECOND_UNITS = Set.of("ns", "us", "ms", "nanoseconds", "microseconds",
            "milliseconds");
    private static final Map<String, String> COUNT_SUFFIXES = Map.of(".connection.count", ".connections",
            "system.cpu.count", "system.cpus");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        boolean subSecond = (id.getBaseUnit() != null && SUB_SECOND_UNITS.contains(id.getBaseUnit()))
                || Arrays.stream(id.getName().split("\\.")).anyMatch(SUB_SECOND_UNITS::contains);
        return subSecond ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = renameCount(id.getName());
        String description = id.getDescription() == null || id.getDescription().isBlank()
                ? id.getName() + " (its source gives no description)" : id.getDescription();
        if (name.equals(id.getName()) && description.equals(id.getDescription())) {
            return id;
        }
        return new Meter.Id(name, Tags.of(id.getTags()), id.getBaseUnit(), description, id.getType());
    }

    private static String renameCount(String name) {
        for (Map.Entry<String, String> e : COUNT_SUFFIXES.entrySet()) {
            if (name.endsWith(e.getKey())) {
                return name.substring(0, name.length() - e.getKey().length()) + e.getValue();
            }
        }
        return name;
    }
}
