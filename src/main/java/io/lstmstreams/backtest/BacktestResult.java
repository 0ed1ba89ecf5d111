package io.lstmstreams.backtest;

import java.util.List;

/**
 * What a backtest run produced besides its files.
 *
 * @param source the input's name
 * @param events rows that parsed into observations
 * @param rejected rows that did not parse (skipped)
 * @param firstRejections the first few rejected rows, for the report
 * @param accuracy the metrics
 */
public record BacktestResult(String source, long events, long rejected, List<CsvRow.Rejected> firstRejections,
        AccuracyResult accuracy) {

    public BacktestResult {
        firstRejections = List.copyOf(firstRejections);
    }
}
