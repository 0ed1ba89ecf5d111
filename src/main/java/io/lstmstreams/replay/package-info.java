/**
 * Producing events as a real producer would: {@link io.lstmstreams.replay.EventReplayer} (series
 * id as key, event JSON as value, wall-clock record time, a steady rate) and the {@code replay}
 * command (a CSV file into a topic).
 */
package io.lstmstreams.replay;
