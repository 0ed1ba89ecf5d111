package io.lstmstreams.backtest;

import io.lstmstreams.event.Observation;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Streams a long-format observation CSV ({@code series_id,timestamp,value[,value...]}) as
 * {@link CsvRow}s in file order, one line at a time, so a file of any length fits in memory.
 *
 * <p>Input is gzip when the file name ends in {@code .gz} or its first two bytes are the gzip
 * magic, else plain UTF-8. The header must name {@code series_id,timestamp,value} first; further
 * columns are extra values of the observation. Fields are split on commas without quoting (no
 * series id of the shared data holds a comma). Timestamps: see {@link TimestampParser}.
 *
 * <p>Bad lines (wrong field count, empty id, bad timestamp, non-finite value) are returned as
 * {@link CsvRow.Rejected} naming the line, never thrown: the caller counts them or fails, as it
 * chooses. Only a missing or wrong header, which makes the whole file unreadable, throws.
 */
public final class ObservationCsvReader implements Closeable {
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;
    private static final int MAX_TEXT = 200;

    private final CountingInputStream counted;
    private final BufferedReader reader;
    private final String source;
    private final long sizeBytes;
    private long line = 1;

    /**
     * Reads from a stream (gzip detected by its magic bytes).
     *
     * @param in the raw bytes; closed with this reader
     * @param source a name for messages, e.g. the file name
     * @param sizeBytes size of the raw input for progress, or -1 when unknown
     */
    public ObservationCsvReader(InputStream in, String source, long sizeBytes) throws IOException {
        this.source = source;
        this.sizeBytes = sizeBytes;
        this.counted = new CountingInputStream(in);
        BufferedInputStream buffered = new BufferedInputStream(counted, 1 << 16);
        InputStream decoded = source.endsWith(".gz") || isGzip(buffered)
                ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        this.reader = new BufferedReader(new InputStreamReader(decoded, StandardCharsets.UTF_8), 1 << 16);
        readHeader();
    }

    /** Opens a file; gzip by name or by content. */
    public static ObservationCsvReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new ObservationCsvReader(in, file.getFileName().toString(), Files.size(file));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The next data line, or null at the end of the input. */
    public CsvRow next() throws IOException {
        String text = reader.readLine();
        while (text != null && text.isBlank()) {
            line++;
            text = reader.readLine();
        }
        if (text == null) {
            return null;
        }
        line++;
        return parse(line, text);
    }

    /** Raw (possibly compressed) bytes consumed so far; with {@link #sizeBytes()} it gives progress. */
    public long bytesRead() {
        return counted.count();
    }

    /** Size of the raw input in bytes, or -1 when unknown. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** The name given for messages. */
    public String source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    static CsvRow parse(long line, String text) {
        String[] fields = text.split(",", -1);
        if (fields.length < 3) {
            return rejected(line, "expected at least 3 fields, got " + fields.length, text);
        }
        String id = fields[0].trim();
        if (id.isEmpty()) {
            return rejected(line, "empty series_id", text);
        }
        long ts;
        try {
            ts = TimestampParser.parseEpochMillis(fields[1]);
        } catch (IllegalArgumentException e) {
            return rejected(line, e.getMessage(), text);
        }
        double[] values = new double[fields.length - 2];
        for (int i = 0; i < values.length; i++) {
            String v = fields[i + 2].trim();
            try {
                values[i] = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return rejected(line, "value " + (i + 1) + " is not a number: '" + v + "'", text);
            }
            if (!Double.isFinite(values[i])) {
                return rejected(line, "value " + (i + 1) + " is not finite: '" + v + "'", text);
            }
        }
        return new CsvRow.Parsed(line, new Observation(id, ts, values));
    }

    private void readHeader() throws IOException {
        String header = reader.readLine();
        if (header == null) {
            throw new IOException(source + ": empty input, expected a header series_id,timestamp,value");
        }
        if (!header.isEmpty() && header.charAt(0) == '\uFEFF') {
            header = header.substring(1);
        }
        String[] names = header.split(",", -1);
        if (names.length < 3 || !names[0].trim().equals("series_id") || !names[1].trim().equals("timestamp")
                || !names[2].trim().equals("value")) {
            throw new IOException(source + ": line 1: expected header series_id,timestamp,value[,...], got '"
                    + truncate(header) + "'");
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == GZIP_MAGIC_1 && b2 == GZIP_MAGIC_2;
    }

    private static CsvRow.Rejected rejected(long line, String reason, String text) {
        return new CsvRow.Rejected(line, reason, truncate(text));
    }

    private static String truncate(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "...";
    }
}
