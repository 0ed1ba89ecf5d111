package io.lstmstreams.metrics;

import io.lstmstreams.training.ModelArtefact;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The last few model versions this instance heard of, for {@code /models}: when each was installed
 * here (from the stream's counters, on every instance) and, where an artefact was seen (the
 * trainer's publications, or a decoder that passes them on), when it was trained and its
 * validation and training losses. Bounded to {@code capacity} versions, the newest kept.
 * Thread-safe.
 */
public final class ModelHistory implements Consumer<ModelArtefact> {
    private final int capacity;
    private final Clock clock;
    private final TreeMap<Long, Entry> entries = new TreeMap<>();

    public ModelHistory(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Version {@code version} was installed on this instance, now. */
    public synchronized void installed(long version) {
        Entry e = entries.get(version);
        put(e == null ? new Entry(version, null, clock.instant(), Double.NaN, Double.NaN)
                : new Entry(version, e.createdAt(), clock.instant(), e.validationLoss(), e.trainingLoss()));
    }

    /** An artefact was published or read: its version, creation time and scores. */
    @Override
    public synchronized void accept(ModelArtefact artefact) {
        Entry e = entries.get(artefact.version());
        put(new Entry(artefact.version(), artefact.createdAt(), e == null ? null : e.installedAt(),
                artefact.validationLoss(), artefact.trainingLoss()));
    }

    /** The newest installed version, or -1 when none was. */
    public synchronized long currentVersion() {
        return entries.descendingMap().values().stream().filter(e -> e.installedAt() != null)
                .mapToLong(Entry::version).findFirst().orElse(-1);
    }

    /** The versions kept, newest first. */
    public synchronized List<Entry> entries() {
        List<Entry> list = new ArrayList<>(entries.values());
        Collections.reverse(list);
        return list;
    }

    private void put(Entry e) {
        entries.put(e.version(), e);
        while (entries.size() > capacity) {
            entries.pollFirstEntry();
        }
    }

    /**
     * One model version.
     *
     * @param version the model version
     * @param createdAt when training finished, null if its artefact was not seen here
     * @param installedAt when this instance installed it, null if it did not (yet)
     * @param validationLoss loss on the held-out segments that selected it, NaN if unknown
     * @param trainingLoss last epoch's training loss, NaN if unknown
     */
    public record Entry(long version, Instant createdAt, Instant installedAt, double validationLoss,
            double trainingLoss) {
    }
}
