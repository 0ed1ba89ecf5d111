package io.lstmstreams.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ForecastJsonTest {
    /** 2023-11-14T22:13:20Z, with steps one and two minutes later. */
    private static final Forecast FORECAST = new Forecast("sensor-1", 1_700_000_000_000L, 3,
            new long[] {1_700_000_060_000L, 1_700_000_120_000L},
            new double[] {1.5, 2.25}, new double[] {1.0, 1.5}, new double[] {2.0, 3.0});

    private static final String GOLDEN = "{\"series\":\"sensor-1\",\"ts\":\"2023-11-14T22:13:20.000Z\",\"model\":3,"
            + "\"steps\":[{\"h\":1,\"ts\":\"2023-11-14T22:14:20.000Z\",\"value\":1.5,\"lo\":1.0,\"hi\":2.0},"
            + "{\"h\":2,\"ts\":\"2023-11-14T22:15:20.000Z\",\"value\":2.25,\"lo\":1.5,\"hi\":3.0}]}";

    @Test
    void writesTheDocumentedFormat() {
        assertEquals(GOLDEN, ForecastJson.toJson(FORECAST));
    }

    @Test
    void sameForecastGivesSameBytes() {
        Forecast copy = new Forecast("sensor-1", 1_700_000_000_000L, 3,
                new long[] {1_700_000_060_000L, 1_700_000_120_000L},
                new double[] {1.5, 2.25}, new double[] {1.0, 1.5}, new double[] {2.0, 3.0});
        assertArrayEquals(ForecastJson.write(FORECAST), ForecastJson.write(copy));
    }

    @Test
    void readsBackWhatItWrites() {
        assertEquals(FORECAST, ForecastJson.parse(ForecastJson.write(FORECAST)));
    }

    @Test
    void roundTripsMillisecondsAndExtremeValues() {
        Forecast odd = new Forecast("s/é", 1_709_294_400_123L, Long.MAX_VALUE, new long[] {1_709_294_400_124L},
                new double[] {-1e300}, new double[] {-Double.MAX_VALUE}, new double[] {Double.MIN_VALUE});
        assertTrue(ForecastJson.toJson(odd).contains("\"ts\":\"2024-03-01T12:00:00.123Z\""));
        Forecast back = ForecastJson.parse(ForecastJson.write(odd));
        assertEquals(new Forecast("s/é", 1_709_294_400_123L, Long.MAX_VALUE, new long[] {1_709_294_400_124L},
                new double[] {-1e300}, new double[] {-1.79769313486E308}, new double[] {Double.MIN_VALUE}), back);
    }

    @Test
    void writesNonFiniteNumbersAsNullAndReadsThemAsNaN() {
        Forecast withNaN = new Forecast("s", 0, 1, new long[] {1}, new double[] {Double.NaN},
                new double[] {Double.NEGATIVE_INFINITY}, new double[] {1});
        String json = ForecastJson.toJson(withNaN);
        assertTrue(json.contains("\"value\":null,\"lo\":null,\"hi\":1.0"), json);
        Forecast back = ForecastJson.parse(json.getBytes(StandardCharsets.UTF_8));
        assertTrue(Double.isNaN(back.value(1)));
        assertTrue(Double.isNaN(back.lower(1)));
    }

    @Test
    void writesAnEmptyHorizonAsNoSteps() {
        Forecast none = new Forecast("s", 0, 1, new long[0], new double[0], new double[0], new double[0]);
        assertEquals("{\"series\":\"s\",\"ts\":\"1970-01-01T00:00:00.000Z\",\"model\":1,\"steps\":[]}",
                ForecastJson.toJson(none));
        assertEquals(none, ForecastJson.parse(ForecastJson.write(none)));
    }

    @Test
    void rejectsBytesThatAreNotAForecast() {
        assertThrows(IllegalArgumentException.class, () -> ForecastJson.parse(bytes("{\"series\":\"s\"")));
        assertThrows(IllegalArgumentException.class, () -> ForecastJson.parse(bytes("[]")));
        assertThrows(IllegalArgumentException.class,
                () -> ForecastJson.parse(bytes("{\"series\":\"s\",\"ts\":\"then\",\"model\":1,\"steps\":[]}")));
        assertThrows(IllegalArgumentException.class,
                () -> ForecastJson.parse(bytes(GOLDEN.replace("\"value\":1.5", "\"value\":\"1.5\""))));
    }

    @Test
    void serdeRoundTripsAndKeepsNullAsNull() {
        try (ForecastSerde serde = new ForecastSerde()) {
            byte[] bytes = serde.serializer().serialize("forecasts", FORECAST);
            assertEquals(GOLDEN, new String(bytes, StandardCharsets.UTF_8));
            assertEquals(FORECAST, serde.deserializer().deserialize("forecasts", bytes));
            assertNull(serde.serializer().serialize("forecasts", null));
            assertNull(serde.deserializer().deserialize("forecasts", null));
        }
    }

    @Test
    void serdeReportsBadBytesAsASerializationException() {
        try (ForecastSerde serde = new ForecastSerde()) {
            SerializationException e = assertThrows(SerializationException.class,
                    () -> serde.deserializer().deserialize("forecasts", bytes("not json")));
            assertTrue(e.getMessage().contains("forecasts"), e.getMessage());
        }
    }

    @Test
    void shouldWriteTheSameBytesAsJacksonsGeneratorForAnySeriesIdAndNumbers() {
        java.util.Random random = new java.util.Random(11);
        String odd = "\"\\/\b\t\n\f\r\u0000\u001f\u007f é€\ud83d\ude00\ud83d";
        for (int i = 0; i < 5_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(12);
            for (int c = 0; c < length; c++) {
                id.append(random.nextInt(3) == 0 ? odd.charAt(random.nextInt(odd.length()))
                        : (char) ('a' + random.nextInt(26)));
            }
            int horizon = random.nextInt(7);
            long origin = random.nextLong(-5_000_000_000_000L, 5_000_000_000_000L);
            long[] targets = new long[horizon];
            double[][] numbers = new double[3][horizon];
            for (int h = 0; h < horizon; h++) {
                targets[h] = origin + (h + 1) * 60_000L;
                for (double[] row : numbers) {
                    row[h] = switch (random.nextInt(5)) {
                        case 0 -> random.nextGaussian() * 1e3;
                        case 1 -> Double.longBitsToDouble(random.nextLong());
                        case 2 -> Double.NaN;
                        case 3 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : -0.0;
                        default -> random.nextInt(1000);
                    };
                }
            }
            Forecast f = new Forecast(id.toString(), origin, random.nextLong(Long.MAX_VALUE), targets, numbers[0],
                    numbers[1], numbers[2]);
            assertEquals(new String(JacksonForecastWriter.write(f), StandardCharsets.UTF_8), ForecastJson.toJson(f),
                    "series id " + id);
            assertArrayEquals(JacksonForecastWriter.write(f), ForecastJson.write(f), "series id " + id);
        }
    }

    @Test
    void shouldWriteEachForecastWhole_AfterAHugeOneAndForTimesOutsideYearsZeroTo9999() {
        Forecast huge = new Forecast("k".repeat(100_000), 1_700_000_000_000L, 1, new long[] {1_700_000_060_000L},
                new double[] {1}, new double[] {0}, new double[] {2});
        assertArrayEquals(JacksonForecastWriter.write(huge), ForecastJson.write(huge));
        assertEquals(GOLDEN, ForecastJson.toJson(FORECAST));
        long year12000 = 316_592_000_000_000L;
        long yearMinus100 = -65_322_000_000_000L;
        for (long origin : new long[] {year12000, yearMinus100}) {
            Forecast far = new Forecast("far", origin, 7, new long[] {origin + 60_000}, new double[] {1.5},
                    new double[] {1}, new double[] {2});
            String json = ForecastJson.toJson(far);
            assertEquals(new String(JacksonForecastWriter.write(far), StandardCharsets.UTF_8), json);
            assertEquals(origin, ForecastJson.parse(bytes(json)).originTimestamp(), json);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldWriteEveryNumberRoundedHalfEvenToTwelveSignificantDigits() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 50_000; i++) {
            double v = switch (i % 6) {
                case 0 -> random.nextGaussian() * 100;
                case 1 -> Double.longBitsToDouble(random.nextLong());
                case 2 -> (float) (random.nextDouble() * 1e6);
                case 3 -> -random.nextDouble() * 1e-300;
                // halfway at the 13th digit in decimal, so within a rounding error of a tie
                case 4 -> (random.nextLong(100_000_000_000L, 1_000_000_000_000L) + 0.5) * Math.pow(10, random.nextInt(-20, 20));
                default -> random.nextLong(1L << 53) * Math.pow(2, random.nextInt(-60, 60));
            };
            if (!Double.isFinite(v)) {
                continue;
            }
            String written = numberText(v);
            double expected = JacksonForecastWriter.rounded(v);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(Double.parseDouble(written)),
                    v + " written as " + written + ", expected " + expected);
            String mantissa = written.replaceFirst("^-", "").replaceFirst("E.*", "").replace(".", "")
                    .replaceFirst("^0+", "").replaceFirst("0+$", "");
            assertTrue(mantissa.length() <= 12, v + " written as " + written);
        }
    }

    @Test
    void shouldLayOutNumbersAsJavaDoes_PlainFromAThousandthToTenMillion() {
        String[][] cases = {
            {"0.30000000000000004", "0.3"}, {"1234567890.125", "1.23456789012E9"}, {"1234567890.375", "1.23456789038E9"},
            {"999999999999.5", "1.0E12"}, {"9999999.0", "9999999.0"}, {"1.0E7", "1.0E7"}, {"0.001", "0.001"},
            {"9.9E-4", "9.9E-4"}, {"123.0", "123.0"}, {"-2.5", "-2.5"}, {"-0.0", "-0.0"}, {"0.0", "0.0"},
            {"123456.789012345", "123456.789012"}, {"0.00123456789012345", "0.00123456789012"},
            {"1.7976931348623157E308", "1.79769313486E308"}, {"4.9E-324", "4.9E-324"}, {"-1.0E-300", "-1.0E-300"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], numberText(Double.parseDouble(c[0])), c[0]);
        }
    }

    private static String numberText(double v) {
        String text = ForecastJson.toJson(new Forecast("s", 0, 1, new long[] {1}, new double[] {v},
                new double[] {0}, new double[] {0}));
        return text.substring(text.indexOf("\"value\":") + 8, text.indexOf(",\"lo\""));
    }
}
