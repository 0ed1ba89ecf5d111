package io.lstmstreams.bench;

import io.lstmstreams.event.EventTime;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.ForecastJson;
import io.lstmstreams.event.ForecastSerde;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A candidate replacement for {@link ForecastJson#write}, byte for byte the same output: the
 * fields in the same fixed order, numbers through {@link Double#toString} as Jackson writes them,
 * and times formatted by hand (civil-from-days) instead of through a {@code DateTimeFormatter}, which
 * costs about a microsecond for each of the six times in a forecast. Series ids that would need
 * escaping, and times outside the app's range, fall back to {@link ForecastJson}.
 * {@link #check} compares the two on real forecasts before the benchmark uses it.
 */
final class FastForecastJson {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private FastForecastJson() {
    }

    static byte[] write(Forecast f) {
        String id = f.seriesId();
        if (!plainAscii(id) || !EventTime.inRange(f.originTimestamp())) {
            return ForecastJson.write(f);
        }
        Out out = new Out(160 + id.length() + 110 * f.horizon());
        out.ascii("{\"series\":\"").ascii(id).ascii("\",\"ts\":\"").time(f.originTimestamp())
                .ascii("\",\"model\":").ascii(Long.toString(f.modelVersion())).ascii(",\"steps\":[");
        for (int h = 1; h <= f.horizon(); h++) {
            long target = f.targetTimestamp(h);
            if (!EventTime.inRange(target)) {
                return ForecastJson.write(f);
            }
            out.ascii(h == 1 ? "{\"h\":" : ",{\"h\":").ascii(Integer.toString(h)).ascii(",\"ts\":\"").time(target)
                    .ascii("\",\"value\":").number(f.value(h)).ascii(",\"lo\":").number(f.lower(h))
                    .ascii(",\"hi\":").number(f.upper(h)).ascii("}");
        }
        return out.ascii("]}").bytes();
    }

    /** Throws if this writer and {@link ForecastJson#write} disagree on {@code f}. */
    static void check(Forecast f) {
        byte[] expected = ForecastJson.write(f);
        byte[] actual = write(f);
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException("fast forecast JSON differs:\n" + new String(expected) + "\n"
                    + new String(actual));
        }
    }

    /** The forecasts serde with this writer; reading is {@link ForecastSerde}'s. */
    static Serde<Forecast> serde() {
        ForecastSerde reference = new ForecastSerde();
        return new Serde<>() {
            @Override
            public Serializer<Forecast> serializer() {
                return (topic, forecast) -> forecast == null ? null : write(forecast);
            }

            @Override
            public Deserializer<Forecast> deserializer() {
                return reference.deserializer();
            }
        };
    }

    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** A growable ASCII buffer. */
    private static final class Out {
        private byte[] buf;
        private int n;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        Out ascii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[n++] = (byte) s.charAt(i);
            }
            return this;
        }

        Out number(double v) {
            return ascii(Double.isFinite(v) ? Double.toString(v) : "null");
        }

        /** {@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, for years 1970..2199. */
        Out time(long epochMillis) {
            long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
            int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
            // days since 1970-01-01 to a civil date (H. Hinnant's algorithm)
            long z = days + 719_468;
            long era = Math.floorDiv(z, 146_097);
            long doe = z - era * 146_097;
            long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
            long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long mp = (5 * doy + 2) / 153;
            int day = (int) (doy - (153 * mp + 2) / 5 + 1);
            int month = (int) (mp < 10 ? mp + 3 : mp - 9);
            int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
            ensure(24);
            digits(year, 4).put('-').digits(month, 2).put('-').digits(day, 2).put('T')
                    .digits(millisOfDay / 3_600_000, 2).put(':').digits(millisOfDay / 60_000 % 60, 2).put(':')
                    .digits(millisOfDay / 1000 % 60, 2).put('.').digits(millisOfDay % 1000, 3).put('Z');
            return this;
        }

        private Out digits(int v, int width) {
            for (int i = width - 1; i >= 0; i--) {
                buf[n + i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            n += width;
            return this;
        }

        private Out put(char c) {
            buf[n++] = (byte) c;
            return this;
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, n);
        }
    }
}
