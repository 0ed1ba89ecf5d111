package io.lstmstreams.backtest;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Renders a {@link BacktestResult} as a fixed-width text table: per step, the model against
 * shift and seasonal naive on NRMSE, MAPE, sMAPE and MASE, and the model's interval coverage
 * and width; for several series also a per-series table at the last step and the share of
 * series where the model beats seasonal naive. Deterministic: same result, same text.
 */
public final class AccuracyReport {
    private static final String NONE = "-";

    private AccuracyReport() {
    }

    /** The whole report, lines ending in '\n'. */
    public static String format(BacktestResult result) {
        AccuracyResult a = result.accuracy();
        StringBuilder sb = new StringBuilder(4096);
        header(sb, result);
        horizonTable(sb, a);
        if (a.series().size() > 1) {
            seriesTable(sb, a);
        }
        return sb.toString();
    }

    private static void header(StringBuilder sb, BacktestResult result) {
        AccuracyResult a = result.accuracy();
        line(sb, "backtest of %s: %d events, %d series, %d rejected rows", result.source(), result.events(),
                a.series().size(), result.rejected());
        for (CsvRow.Rejected r : result.firstRejections()) {
            line(sb, "  rejected %s", r.describe());
        }
        line(sb, "scored: forecasts made at file row >= %d whose h-th next event of the series arrived", a.scoreFrom());
        line(sb, "horizon %d; seasonal naive season %d steps", a.horizon(), a.season());
        line(sb, "scored origins without a forecast: %d; seasonal naive fell back to shift at %d points",
                a.missingForecasts(), a.seasonalFallbacks());
        if (a.series().size() > 1) {
            line(sb, "metrics below are means over series of each series' own metric (NRMSE by the series' std)");
        }
        sb.append('\n');
    }

    private static void horizonTable(StringBuilder sb, AccuracyResult a) {
        line(sb, "%-3s %8s | %-26s | %-26s | %-26s | %-26s | %s", "", "", "NRMSE", "MAPE", "sMAPE", "MASE",
                "model interval");
        StringBuilder cols = new StringBuilder(String.format(Locale.ROOT, "%-3s %8s", "h", "scored"));
        for (int i = 0; i < 4; i++) {
            cols.append(String.format(Locale.ROOT, " | %8s %8s %8s", "model", "shift", "snaive"));
        }
        cols.append(String.format(Locale.ROOT, " | %8s %10s %9s", "coverage", "width", "width/std"));
        sb.append(cols).append('\n');
        sb.append("-".repeat(cols.length())).append('\n');
        for (HorizonAccuracy ha : a.overall()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-3d %8d", ha.h(), ha.model().scored()));
            triple(row, ha, Metrics::nrmse);
            triple(row, ha, Metrics::mape);
            triple(row, ha, Metrics::smape);
            triple(row, ha, Metrics::mase);
            row.append(" | ").append(ratio(ha.model().coverage(), 8)).append(' ')
                    .append(amount(ha.model().meanWidth(), 10)).append(' ')
                    .append(ratio(ha.model().relativeWidth(), 9));
            sb.append(row).append('\n');
        }
    }

    private static void seriesTable(StringBuilder sb, AccuracyResult a) {
        int h = a.horizon();
        int idWidth = Math.max(6, a.series().stream().mapToInt(s -> s.seriesId().length()).max().orElse(6));
        sb.append('\n');
        line(sb, "per series at h=%d", h);
        String head = String.format(Locale.ROOT, "%-" + idWidth + "s %8s %8s | %8s %8s %8s | %8s %8s", "series",
                "events", "scored", "NRMSE", "shift", "snaive", "MASE", "shift");
        sb.append(head).append('\n').append("-".repeat(head.length())).append('\n');
        for (SeriesAccuracy s : a.series()) {
            HorizonAccuracy ha = s.at(h);
            sb.append(String.format(Locale.ROOT, "%-" + idWidth + "s %8d %8d | %s %s %s | %s %s", s.seriesId(),
                    s.events(), ha.model().scored(), ratio(ha.model().nrmse(), 8), ratio(ha.shift().nrmse(), 8),
                    ratio(ha.seasonalNaive().nrmse(), 8), ratio(ha.model().mase(), 8), ratio(ha.shift().mase(), 8)))
                    .append('\n');
        }
        long defined = a.seriesWithMase(h);
        long beating = a.seriesBeatingSeasonalNaive(h);
        String share = defined == 0 ? NONE : String.format(Locale.ROOT, "%.1f%%", 100.0 * beating / defined);
        line(sb, "series where the model beats seasonal naive (MASE < 1) at h=%d: %d of %d (%s)", h, beating,
                defined, share);
    }

    private static void triple(StringBuilder row, HorizonAccuracy ha, ToDoubleFunction<Metrics> metric) {
        row.append(" | ").append(ratio(metric.applyAsDouble(ha.model()), 8)).append(' ')
                .append(ratio(metric.applyAsDouble(ha.shift()), 8)).append(' ')
                .append(ratio(metric.applyAsDouble(ha.seasonalNaive()), 8));
    }

    private static String ratio(double v, int width) {
        return pad(Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : NONE, width);
    }

    private static String amount(double v, int width) {
        return pad(Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : NONE, width);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static void line(StringBuilder sb, String format, Object... args) {
        sb.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
