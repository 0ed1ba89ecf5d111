package io.lstmstreams.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds a TCP port on the loopback interface that is free at the moment of asking. */
final class FreePort {
    private FreePort() {
    }

    /**
     * Binds an ephemeral port and releases it. Another process may take the port before the caller
     * binds it; {@link EmbeddedKafkaBroker} retries its start when that happens.
     */
    static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }
}
