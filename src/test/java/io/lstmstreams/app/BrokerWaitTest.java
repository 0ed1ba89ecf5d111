package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.AppConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BrokerWaitTest {

    private static ServerSocket listen(int port) throws IOException {
        return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
    }

    /** A loopback port nothing listens on (free when asked). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = listen(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldFindAListeningServerAmongUnreachableOnes() throws IOException {
        int closed = closedPort();
        try (ServerSocket open = listen(0)) {
            String servers = "nohost.invalid:9092,127.0.0.1:" + closed + ",127.0.0.1:" + open.getLocalPort();
            assertNull(BrokerWait.unreachable(AppConfig.bootstrapAddresses(servers)));
        }
    }

    @Test
    void shouldSayWhyNoServerIsReachable() throws IOException {
        String refused = BrokerWait.unreachable(AppConfig.bootstrapAddresses("127.0.0.1:" + closedPort()));
        assertNotNull(refused);
        assertTrue(refused.toLowerCase().contains("refused"), refused);
        assertEquals("unknown host nohost.invalid",
                BrokerWait.unreachable(AppConfig.bootstrapAddresses("nohost.invalid:9092")));
    }

    @Test
    void shouldWaitUntilABrokerListens() throws Exception {
        int port = closedPort();
        long start = System.nanoTime();
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> {
            try {
                BrokerWait.await("127.0.0.1:" + port, Duration.ofMillis(100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(500);
        assertFalse(waited.isDone(), "returned with nothing listening");
        try (ServerSocket broker = listen(port)) {
            waited.get(10, TimeUnit.SECONDS);
        }
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500));
    }
}
