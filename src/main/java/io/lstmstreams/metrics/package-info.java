/**
 * What an instance measures, for Prometheus: {@link io.lstmstreams.metrics.Observability} builds
 * the registry (JVM, process, Kafka Streams and the application's own meters, named in
 * {@link io.lstmstreams.metrics.MetricNames}); {@link io.lstmstreams.metrics.StreamMetrics} is the
 * stream's {@link io.lstmstreams.stream.StreamCounters}; {@link io.lstmstreams.metrics.AccuracyWindow}
 * keeps forecast accuracy over a sliding window; {@link io.lstmstreams.metrics.RetrainerMetrics}
 * reads a retrainer. The bounded in-memory views behind the HTTP pages live here too:
 * {@link io.lstmstreams.metrics.RecentForecasts} and {@link io.lstmstreams.metrics.ModelHistory}.
 */
package io.lstmstreams.metrics;
