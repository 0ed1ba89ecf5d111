package io.lstmstreams.http;

import java.util.List;

/**
 * Where a series' state lives: in this instance's store, on another instance, or nowhere that can
 * be asked right now (starting, rebalancing). {@link KafkaSeriesLocator} asks Kafka Streams; tests
 * give their own.
 */
interface SeriesLocator {

    /** Finds the instance that holds {@code seriesId}'s active state. */
    Location locate(String seriesId);

    /** The other instances of the application, as {@code host:port}, for fan-out reads. */
    List<String> peers();

    /** The answer of {@link #locate}. */
    sealed interface Location permits Local, Remote, Unavailable {
    }

    /** This instance holds the key; {@code state} is its stored bytes, or null if the key is unknown. */
    record Local(byte[] state) implements Location {
    }

    /** Another instance holds the key, reachable at {@code hostPort}. */
    record Remote(String hostPort) implements Location {
    }

    /** Nobody can be asked now, for {@code reason}. */
    record Unavailable(String reason) implements Location {
    }
}
