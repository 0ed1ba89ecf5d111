/**
 * The {@code demo} command: an embedded broker, one {@link io.lstmstreams.app.AppInstance}, the
 * bundled series replayed live, forecasts read back {@code read_committed} and scored with the
 * backtest's accuracy table. {@link io.lstmstreams.demo.DemoRun} is the part without broker and
 * command line, for tests.
 */
package io.lstmstreams.demo;
