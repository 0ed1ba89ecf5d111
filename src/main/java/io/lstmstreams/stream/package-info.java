/**
 * The Kafka Streams side: {@link io.lstmstreams.stream.Topics} (every topic with its serdes),
 * {@link io.lstmstreams.stream.ForecastTopology} (the one topology factory),
 * {@link io.lstmstreams.stream.ForecastProcessor} (per event: parse, step the key's state, forecast
 * or dead-letter), the global models store that hot-swaps models on every instance, and
 * {@link io.lstmstreams.stream.ForecastStreamsApp} (the running instance's lifecycle).
 *
 * <p>Every input record ends up either as exactly one forecast or as exactly one dead letter
 * carrying its original bytes and a reason; {@link io.lstmstreams.stream.StreamCounters} counts
 * both. The engine and the model artefact format come in through
 * {@link io.lstmstreams.stream.EngineStep} and {@link io.lstmstreams.stream.ModelDecoder}.
 */
package io.lstmstreams.stream;
