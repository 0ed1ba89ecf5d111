package io.lstmstreams.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.event.Observation;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservationCsvReaderTest {
    private static final String CSV = """
            series_id,timestamp,value
            a,2014-07-01T00:00:00,10844
            b,2014-07-01T00:00:00,1.5
            a,2014-07-01T00:30:00,8127
            """;
    // 2014-07-01T00:00:00Z
    private static final long T0 = 1_404_172_800_000L;

    @TempDir
    Path dir;

    @Test
    void shouldReadPlainFileInOrderTakingLocalTimesAsUtc() throws IOException {
        Path file = write("plain.csv", CSV, false);
        List<CsvRow> rows = readAll(file);
        assertEquals(List.of(
                new CsvRow.Parsed(2, Observation.of("a", T0, 10844)),
                new CsvRow.Parsed(3, Observation.of("b", T0, 1.5)),
                new CsvRow.Parsed(4, Observation.of("a", T0 + 1_800_000, 8127))), rows);
        assertEquals(0, rows.get(0).rowIndex());
        assertEquals(2, rows.get(2).rowIndex());
    }

    @Test
    void shouldReadGzipByNameAndByMagicBytes() throws IOException {
        List<CsvRow> expected = readAll(write("plain.csv", CSV, false));
        assertEquals(expected, readAll(write("named.csv.gz", CSV, true)));
        assertEquals(expected, readAll(write("unnamed.csv", CSV, true)));
    }

    @Test
    void shouldAcceptOffsetsZuluSpaceAndEpochMillis() throws IOException {
        Path file = write("zones.csv", """
                series_id,timestamp,value
                a,2014-07-01T02:00:00+02:00,1
                a,2014-07-01T00:00:00Z,2
                a,2014-07-01 00:00:00,3
                a,1404172800000,4
                """, false);
        for (CsvRow row : readAll(file)) {
            assertEquals(T0, assertInstanceOf(CsvRow.Parsed.class, row).observation().timestamp(), row.toString());
        }
    }

    @Test
    void shouldReturnRejectionsNamingTheLineAndCarryOn() throws IOException {
        Path file = write("bad.csv.gz", """
                series_id,timestamp,value
                a,2014-07-01T00:00:00,1
                a,yesterday,2
                a,2014-07-01T01:00:00,abc
                a,2014-07-01T01:30:00,NaN
                a,2014-07-01T02:00:00
                ,2014-07-01T02:30:00,5
                a,2014-07-01T03:00:00,6
                """, true);
        List<CsvRow> rows = readAll(file);
        assertEquals(7, rows.size());
        assertInstanceOf(CsvRow.Parsed.class, rows.get(0));
        for (int i = 1; i <= 5; i++) {
            CsvRow.Rejected r = assertInstanceOf(CsvRow.Rejected.class, rows.get(i));
            assertEquals(i + 2, r.line());
            assertTrue(r.describe().startsWith("line " + (i + 2) + ": "), r.describe());
        }
        assertTrue(((CsvRow.Rejected) rows.get(1)).reason().contains("yesterday"));
        assertTrue(((CsvRow.Rejected) rows.get(3)).reason().contains("not finite"));
        CsvRow.Parsed last = assertInstanceOf(CsvRow.Parsed.class, rows.get(6));
        assertEquals(6, last.rowIndex());
    }

    @Test
    void shouldFailOnWrongHeaderNamingLineOne() throws IOException {
        Path file = write("header.csv", "id,time,value\na,2014-07-01T00:00:00,1\n", false);
        IOException e = assertThrows(IOException.class, () -> ObservationCsvReader.open(file));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void shouldReadExtraValueColumnsAsFurtherValues() throws IOException {
        Path file = write("wide.csv", "series_id,timestamp,value,temp\na,2014-07-01T00:00:00,1,20.5\n", false);
        Observation o = ((CsvRow.Parsed) readAll(file).get(0)).observation();
        assertArrayEquals(new double[] {1, 20.5}, o.values());
    }

    @Test
    void shouldCountRawBytesReadUpToTheFileSize() throws IOException {
        Path file = write("size.csv.gz", CSV, true);
        try (ObservationCsvReader reader = ObservationCsvReader.open(file)) {
            assertEquals(Files.size(file), reader.sizeBytes());
            while (reader.next() != null) {
                assertTrue(reader.bytesRead() <= reader.sizeBytes());
            }
            assertNull(reader.next());
            assertEquals(Files.size(file), reader.bytesRead());
        }
    }

    private Path write(String name, String text, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static List<CsvRow> readAll(Path file) throws IOException {
        List<CsvRow> rows = new ArrayList<>();
        try (ObservationCsvReader reader = ObservationCsvReader.open(file)) {
            for (CsvRow r = reader.next(); r != null; r = reader.next()) {
                rows.add(r);
            }
        }
        return rows;
    }
}
