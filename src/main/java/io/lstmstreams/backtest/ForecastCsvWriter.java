package io.lstmstreams.backtest;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes forecasts as CSV, one row per step:
 * {@code series_id,origin_ts,h,target_ts,forecast,lo,hi,actual}.
 *
 * <p>{@code target_ts} is the forecast's own expected target time; {@code actual} is the value
 * of the h-th next event of the series (see {@link TargetMatcher}), empty when the input ended
 * first. Because actuals arrive later, a forecast is held until its last step's actual is known
 * (at most its horizon of forecasts per series), then written whole. At the end, forecasts
 * still waiting are written in file order of their origins. Numbers and times follow
 * {@link CsvFormat}, so the output is byte-identical for the same input.
 *
 * <p>In {@link EmitMode#LAST} only the forecast made at each series' final event is written,
 * series in order of first appearance, actuals empty; a series whose final event had no
 * forecast writes nothing.
 */
public final class ForecastCsvWriter implements BacktestSink, Closeable {
    /** The header line, exactly. */
    public static final String HEADER = "series_id,origin_ts,h,target_ts,forecast,lo,hi,actual";

    /** A forecast waiting for its actuals. */
    private static final class Pending {
        final long rowIndex;
        final Forecast forecast;
        final double[] actuals;

        Pending(long rowIndex, Forecast forecast) {
            this.rowIndex = rowIndex;
            this.forecast = forecast;
            this.actuals = new double[forecast.horizon()];
            Arrays.fill(actuals, Double.NaN);
        }
    }

    private final Writer out;
    private final EmitMode mode;
    private final TargetMatcher<Pending> matcher = new TargetMatcher<>();
    private final Map<String, Forecast> lastBySeries = new LinkedHashMap<>();
    private final StringBuilder line = new StringBuilder(128);

    /**
     * @param out where to write; closed by {@link #close()}
     * @param mode all forecasts or the last of each series
     */
    public ForecastCsvWriter(Writer out, EmitMode mode) {
        this.out = out;
        this.mode = mode;
        write(HEADER + "\n");
    }

    @Override
    public void onEvent(long rowIndex, Observation observation, Forecast forecast) {
        if (mode == EmitMode.LAST) {
            // put(null) still records the series' order of first appearance
            lastBySeries.put(observation.seriesId(), forecast);
            return;
        }
        matcher.advance(observation, (p, h, event, last) -> {
            p.actuals[h - 1] = event.value();
            if (last) {
                writeForecast(p.forecast, p.actuals);
            }
        });
        if (forecast != null) {
            matcher.add(observation.seriesId(), new Pending(rowIndex, forecast), forecast.horizon());
        }
    }

    @Override
    public void onEnd() {
        if (mode == EmitMode.LAST) {
            for (Forecast f : lastBySeries.values()) {
                if (f != null) {
                    double[] none = new double[f.horizon()];
                    Arrays.fill(none, Double.NaN);
                    writeForecast(f, none);
                }
            }
            lastBySeries.clear();
            return;
        }
        List<Pending> rest = new ArrayList<>(matcher.drain());
        rest.sort(Comparator.comparingLong(p -> p.rowIndex));
        for (Pending p : rest) {
            writeForecast(p.forecast, p.actuals);
        }
    }

    private void writeForecast(Forecast f, double[] actuals) {
        String series = f.seriesId();
        String origin = CsvFormat.timestamp(f.originTimestamp());
        for (int h = 1; h <= f.horizon(); h++) {
            line.setLength(0);
            line.append(series).append(',').append(origin).append(',').append(h).append(',')
                    .append(CsvFormat.timestamp(f.targetTimestamp(h))).append(',')
                    .append(CsvFormat.number(f.value(h))).append(',')
                    .append(CsvFormat.number(f.lower(h))).append(',')
                    .append(CsvFormat.number(f.upper(h))).append(',')
                    .append(CsvFormat.number(actuals[h - 1])).append('\n');
            write(line.toString());
        }
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException("writing forecasts failed", e);
        }
    }

    /** Flushes and closes the output; call {@link #onEnd()} first or pending forecasts are lost. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
