package io.lstmstreams.backtest;

import io.lstmstreams.event.Observation;

/**
 * One data line of an observation CSV, either parsed or rejected. A backtest has no dead-letter
 * topic, so a bad line is handed to the caller as a value it can count, report or fail on,
 * instead of an exception that would end the whole run.
 */
public sealed interface CsvRow {

    /** 1-based line number in the file, the header being line 1. */
    long line();

    /** 0-based index of the data row in the file (line - 2); rejected rows keep their index. */
    default long rowIndex() {
        return line() - 2;
    }

    /** A line that parsed into an observation. */
    record Parsed(long line, Observation observation) implements CsvRow {
    }

    /**
     * A line that did not parse.
     *
     * @param reason why, in words
     * @param text the line as read (truncated to 200 characters)
     */
    record Rejected(long line, String reason, String text) implements CsvRow {
        /** A message naming the line, for logs and exceptions. */
        public String describe() {
            return "line " + line + ": " + reason + " [" + text + "]";
        }
    }
}
