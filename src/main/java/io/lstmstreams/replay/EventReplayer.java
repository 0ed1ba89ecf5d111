package io.lstmstreams.replay;

import io.lstmstreams.event.Observation;
import io.lstmstreams.event.ObservationJson;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes observations to an events topic as a producer would in production: key = series id (UTF-8),
 * value = {@link ObservationJson}, at a steady rate. The record timestamp is left to the producer, so
 * it is the wall clock at sending: retention and the stream's record time follow real time, while the
 * event time travels in the JSON {@code ts}. (Old event times as record timestamps would make the
 * broker delete a replayed year at once under a 7-day retention.)
 *
 * <p>Sends are asynchronous; the first failure is kept and rethrown by {@link #flush()}. One thread.
 */
public final class EventReplayer implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final RatePacer pacer;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;

    /**
     * @param producer where to send; closed with this replayer
     * @param topic the events topic
     * @param perSecond events per second; 0 = as fast as possible
     */
    public EventReplayer(Producer<byte[], byte[]> producer, String topic, double perSecond) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.pacer = new RatePacer(perSecond);
    }

    /** A replayer with its own idempotent producer, {@code acks=all}, on top of {@code clientProperties}. */
    public static EventReplayer create(Properties clientProperties, String topic, double perSecond) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new EventReplayer(new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()), topic,
                perSecond);
    }

    /** Sends one observation when the rate allows; rethrows an earlier send's failure. */
    public void send(Observation observation) throws InterruptedException {
        Exception earlier = failure.get();
        if (earlier != null) {
            throw new IllegalStateException("an earlier send to " + topic + " failed: " + earlier.getMessage(), earlier);
        }
        pacer.await(sent);
        byte[] key = observation.seriesId().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, key, ObservationJson.write(observation)), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                acknowledged.incrementAndGet();
            }
        });
        sent++;
    }

    /** Observations handed to the producer. */
    public long sent() {
        return sent;
    }

    /** Observations the broker has acknowledged. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Waits until everything sent is acknowledged; throws if anything failed. */
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("sending to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
