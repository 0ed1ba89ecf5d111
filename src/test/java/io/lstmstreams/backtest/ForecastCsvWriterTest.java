package io.lstmstreams.backtest;

import static io.lstmstreams.backtest.TestForecasts.obs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ForecastCsvWriterTest {

    @Test
    void shouldWriteHeaderAndFillActualsOnceTargetsArrive() throws IOException {
        // a: 10 20 30, b: 7; H = 2, forecast at each event = value + h / 10, interval +-1
        String csv = write(EmitMode.ALL, obs("a", 0, 10), obs("b", 0, 7), obs("a", 1, 20), obs("a", 2, 30));
        assertEquals("""
                series_id,origin_ts,h,target_ts,forecast,lo,hi,actual
                a,2015-01-01T00:00:00Z,1,2015-01-01T00:30:00Z,10.1,9.1,11.1,20
                a,2015-01-01T00:00:00Z,2,2015-01-01T01:00:00Z,10.2,9.2,11.2,30
                b,2015-01-01T00:00:00Z,1,2015-01-01T00:30:00Z,7.1,6.1,8.1,
                b,2015-01-01T00:00:00Z,2,2015-01-01T01:00:00Z,7.2,6.2,8.2,
                a,2015-01-01T00:30:00Z,1,2015-01-01T01:00:00Z,20.1,19.1,21.1,30
                a,2015-01-01T00:30:00Z,2,2015-01-01T01:30:00Z,20.2,19.2,21.2,
                a,2015-01-01T01:00:00Z,1,2015-01-01T01:30:00Z,30.1,29.1,31.1,
                a,2015-01-01T01:00:00Z,2,2015-01-01T02:00:00Z,30.2,29.2,31.2,
                """, csv);
    }

    @Test
    void shouldWriteOnlyEachSeriesFinalForecastWhenEmittingLast() throws IOException {
        String csv = write(EmitMode.LAST, obs("a", 0, 10), obs("b", 0, 7), obs("a", 1, 20), obs("b", 1, 8));
        assertEquals("""
                series_id,origin_ts,h,target_ts,forecast,lo,hi,actual
                a,2015-01-01T00:30:00Z,1,2015-01-01T01:00:00Z,20.1,19.1,21.1,
                a,2015-01-01T00:30:00Z,2,2015-01-01T01:30:00Z,20.2,19.2,21.2,
                b,2015-01-01T00:30:00Z,1,2015-01-01T01:00:00Z,8.1,7.1,9.1,
                b,2015-01-01T00:30:00Z,2,2015-01-01T01:30:00Z,8.2,7.2,9.2,
                """, csv);
    }

    @Test
    void shouldSkipEventsWithoutForecastAndLeaveMissingBoundsEmpty() throws IOException {
        StringWriter out = new StringWriter();
        try (ForecastCsvWriter writer = new ForecastCsvWriter(out, EmitMode.ALL)) {
            Observation first = obs("a", 0, 1);
            Observation second = obs("a", 1, 2.5e-7);
            writer.onEvent(0, first, null);
            writer.onEvent(1, second, TestForecasts.of(second, 123456789.0));
            writer.onEvent(2, obs("a", 2, -0.0), null);
            writer.onEnd();
        }
        assertEquals(ForecastCsvWriter.HEADER + "\n"
                + "a,2015-01-01T00:30:00Z,1,2015-01-01T01:00:00Z,123456789,,,0\n", out.toString());
    }

    private static String write(EmitMode mode, Observation... events) throws IOException {
        StringWriter out = new StringWriter();
        try (ForecastCsvWriter writer = new ForecastCsvWriter(out, mode)) {
            long row = 0;
            for (Observation o : events) {
                writer.onEvent(row++, o, forecast(o));
            }
            writer.onEnd();
        }
        return out.toString();
    }

    private static Forecast forecast(Observation o) {
        double v = o.value();
        Forecast base = TestForecasts.of(o, v + 0.1, v + 0.2);
        return new Forecast(o.seriesId(), o.timestamp(), 1, base.targetTimestamps(), base.values(),
                new double[] {(v - 1) + 0.1, (v - 1) + 0.2}, new double[] {(v + 1) + 0.1, (v + 1) + 0.2});
    }
}
