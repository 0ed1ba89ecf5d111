package io.lstmstreams.stream;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic name together with the serdes of its keys and values, so that whoever reads or writes
 * the topic uses the same formats. Immutable; build them through {@link Topics}.
 *
 * @param name the full topic name, prefix included
 * @param keySerde serde of record keys
 * @param valueSerde serde of record values
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name is blank");
        }
    }

    /** {@code Consumed.with} this topic's serdes, for DSL readers (e.g. the trainer on segments). */
    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    /** {@code Produced.with} this topic's serdes, for DSL writers. */
    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde);
    }

    @Override
    public String toString() {
        return name;
    }
}
