package io.lstmstreams.backtest;

import io.lstmstreams.event.Observation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Pairs what was forecast at an event with the actuals that arrive after it: the target of step
 * h is the h-th next event of the same series. On regular data that is the event at
 * origin + h * step; on irregular data it is the documented definition, whatever its timestamp.
 *
 * <p>Memory is bounded: an item is dropped once its last step has arrived, so a series holds
 * at most {@code steps} items.
 *
 * @param <T> what is waiting for its actuals
 */
final class TargetMatcher<T> {

    /** Called once per (item, step) when the step's actual arrives. */
    @FunctionalInterface
    interface Resolver<T> {
        /**
         * @param item the waiting item
         * @param h the step, 1-based
         * @param actual the event that is the target of step h
         * @param last whether h is the item's last step (the item is dropped after this call)
         */
        void resolve(T item, int h, Observation actual, boolean last);
    }

    private static final class Pending<T> {
        final T item;
        final int steps;
        int seen;

        Pending(T item, int steps) {
            this.item = item;
            this.steps = steps;
        }
    }

    private final Map<String, ArrayDeque<Pending<T>>> bySeries = new HashMap<>();

    /** Resolves every item of the event's series against it; call before {@link #add}. */
    void advance(Observation event, Resolver<T> resolver) {
        ArrayDeque<Pending<T>> queue = bySeries.get(event.seriesId());
        if (queue == null) {
            return;
        }
        for (Iterator<Pending<T>> it = queue.iterator(); it.hasNext();) {
            Pending<T> p = it.next();
            p.seen++;
            boolean last = p.seen >= p.steps;
            resolver.resolve(p.item, p.seen, event, last);
            if (last) {
                it.remove();
            }
        }
    }

    /** Registers an item waiting for the next {@code steps} events of the series. */
    void add(String seriesId, T item, int steps) {
        if (steps >= 1) {
            bySeries.computeIfAbsent(seriesId, k -> new ArrayDeque<>()).addLast(new Pending<>(item, steps));
        }
    }

    /**
     * Removes and returns every item still waiting: oldest first within a series, series in no
     * set order, so a caller that needs a stable order sorts them.
     */
    List<T> drain() {
        List<T> all = new ArrayList<>();
        for (ArrayDeque<Pending<T>> queue : bySeries.values()) {
            for (Pending<T> p : queue) {
                all.add(p.item);
            }
        }
        bySeries.clear();
        return all;
    }
}
