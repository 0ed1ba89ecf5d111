package io.lstmstreams.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams.State;

/**
 * {@code GET /health}: 200 while Kafka Streams is RUNNING or REBALANCING (a rebalance is normal
 * life, and restarting an instance for it would cause another), 503 otherwise: created but not
 * started, restoring before the first RUNNING, shutting down, failed. The body says which.
 */
final class HealthHandler implements HttpHandler {
    private final Supplier<State> state;
    private final String instance;

    /**
     * @param state the client's state, null while it is not created
     * @param instance this instance's address, reported in the body
     */
    HealthHandler(Supplier<State> state, String instance) {
        this.state = state;
        this.instance = instance;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Exchanges.readOnly(exchange)) {
            return;
        }
        State s = state.get();
        boolean up = s != null && s.isRunningOrRebalancing();
        ObjectNode body = Exchanges.MAPPER.createObjectNode();
        body.put("status", up ? "UP" : "DOWN");
        body.put("streams", s == null ? "NOT_CREATED" : s.name());
        body.put("instance", instance);
        Exchanges.json(exchange, up ? 200 : 503, body);
    }
}
