package io.lstmstreams.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /}: the live page, one static HTML file with its script and styles inline (no build
 * step, nothing fetched from elsewhere). Any other path under {@code /} is a 404.
 */
final class PageHandler implements HttpHandler {
    static final String RESOURCE = "/web/index.html";

    private final byte[] page;

    PageHandler() {
        try (InputStream in = PageHandler.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!Exchanges.readOnly(exchange)) {
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if ("/".equals(path) || "/index.html".equals(path)) {
            Exchanges.send(exchange, 200, "text/html; charset=utf-8", page);
        } else {
            Exchanges.error(exchange, 404, "no such page: " + path);
        }
    }
}
