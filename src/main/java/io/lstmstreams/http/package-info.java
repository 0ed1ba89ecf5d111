/**
 * The instance's HTTP endpoints on the JDK's own server:
 * {@link io.lstmstreams.http.ObservabilityServer} serves {@code /metrics}, {@code /health},
 * {@code /series/{id}} (interactive queries, relayed from the instance that holds the key),
 * {@code /models} and the live page ({@code src/main/resources/web/index.html}). Kafka Streams comes
 * in through a supplier and {@link io.lstmstreams.http.SeriesLocator}, so the handlers are tested
 * without a broker.
 */
package io.lstmstreams.http;
