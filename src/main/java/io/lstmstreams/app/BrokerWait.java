package io.lstmstreams.app;

import io.lstmstreams.config.AppConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, before any Kafka client exists, until one of the bootstrap servers accepts a TCP
 * connection, saying so in one line per try. Without it a missing broker shows as Kafka's own
 * reconnect warnings, several a second from each client (the stream thread's producer, the Kafka
 * Streams admin client, the topic creator's), and after 30 s as a stack trace from the topic
 * creation that gives up. A TCP connection is all that is checked: whether the listener speaks
 * Kafka, with the configured security, the clients find out and report themselves.
 */
final class BrokerWait {
    /** Pause between tries. */
    static final Duration RETRY = Duration.ofSeconds(5);
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerWait.class);

    private BrokerWait() {
    }

    /**
     * Returns once a server of {@code bootstrapServers} (already checked to be {@code host:port}
     * entries) accepts a connection; until then logs a warning and sleeps {@code retry}, again and
     * again.
     */
    static void await(String bootstrapServers, Duration retry) throws InterruptedException {
        List<InetSocketAddress> servers = AppConfig.bootstrapAddresses(bootstrapServers);
        long start = System.nanoTime();
        int tries = 0;
        for (String why = unreachable(servers); why != null; why = unreachable(servers)) {
            tries++;
            LOG.warn("broker {} not reachable ({}), retrying in {}", bootstrapServers, why, spoken(retry));
            Thread.sleep(retry.toMillis());
        }
        if (tries > 0) {
            LOG.info("broker {} reachable after {} s", bootstrapServers,
                    Duration.ofNanos(System.nanoTime() - start).toSeconds());
        }
    }

    private static String spoken(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * Null as soon as one of {@code servers} accepts a connection (each host resolved afresh, so a
     * name that appears in DNS later is found); otherwise why the last one did not.
     */
    static String unreachable(List<InetSocketAddress> servers) {
        String why = "no servers";
        for (InetSocketAddress server : servers) {
            InetSocketAddress address = new InetSocketAddress(server.getHostString(), server.getPort());
            if (address.isUnresolved()) {
                why = "unknown host " + server.getHostString();
                continue;
            }
            try (Socket socket = new Socket()) {
                socket.connect(address, CONNECT_TIMEOUT_MS);
                return null;
            } catch (IOException e) {
                why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            }
        }
        return why;
    }
}
