package io.lstmstreams.event;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for the forecasts topic, in the {@link ForecastJson} format. Null stays null. */
public final class ForecastSerde implements Serde<Forecast> {

    @Override
    public Serializer<Forecast> serializer() {
        return (topic, forecast) -> forecast == null ? null : ForecastJson.write(forecast);
    }

    @Override
    public Deserializer<Forecast> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return ForecastJson.parse(bytes);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("bad forecast on topic " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
