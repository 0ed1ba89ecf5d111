package io.lstmstreams.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * GETs from another instance of the application, for the reads this one cannot answer. Proxying
 * rather than redirecting: the other instance's {@code application.server} name is often only
 * resolvable inside the cluster's network (a compose service name), not from the browser that
 * asked. A forwarded request carries {@value #FORWARDED_HEADER}, and an instance never forwards such
 * a request again, so two instances that disagree during a rebalance cannot bounce it forever.
 */
class PeerClient {
    /** Marks a request one instance sent to another. */
    static final String FORWARDED_HEADER = "X-Lstm-Forwarded";

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** A peer's answer. */
    record Answer(int status, String contentType, byte[] body) {
    }

    /** GETs {@code pathAndQuery} from {@code hostPort}. */
    Answer get(String hostPort, String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + hostPort + pathAndQuery))
                .timeout(TIMEOUT).header(FORWARDED_HEADER, "1").GET().build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(Exchanges.JSON), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + hostPort, e);
        }
    }
}
