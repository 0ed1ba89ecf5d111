package io.lstmstreams.backtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a {@link ForecastPlot} to a PNG: the actuals, the step-h forecast and its interval band,
 * on a time axis in UTC. Plain Java2D in headless mode, so it runs on servers and in CI.
 *
 * <p>Why not XChart: it is not on the build's classpath (the pom names only its version), and a
 * chart of three series does not justify waiting for it. When the dependency is added this class
 * is the one place to swap for {@code XYChart} + {@code BitmapEncoder.saveBitmap}.
 */
public final class ForecastPlotPng {
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final int TICKS = 6;
    private static final Color BAND = new Color(70, 130, 220, 60);
    private static final Color FORECAST = new Color(30, 90, 200);
    private static final Color GRID = new Color(225, 225, 225);
    private static final DateTimeFormatter TICK_TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ForecastPlotPng() {
    }

    /** Writes the plot as a PNG file. */
    public static void write(ForecastPlot plot, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            draw(g, plot);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static void draw(Graphics2D g, ForecastPlot p) {
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 15f));
        g.drawString(p.seriesId() + ": actual vs forecast at h=" + p.h() + " with interval", LEFT, TOP - 20);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        if (p.size() < 2) {
            g.drawString("not enough points to plot", LEFT, TOP + 30);
            return;
        }
        Scale s = Scale.of(p);
        axes(g, p, s);
        band(g, p, s);
        g.setStroke(new BasicStroke(1.6f));
        g.setColor(FORECAST);
        g.draw(line(p.timestamps(), p.forecast(), s));
        g.setColor(Color.BLACK);
        g.draw(line(p.timestamps(), p.actual(), s));
        legend(g);
    }

    /** Maps data to pixels. */
    private record Scale(long t0, long t1, double y0, double y1) {
        static Scale of(ForecastPlot p) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] values : new double[][] {p.actual(), p.forecast(), p.lower(), p.upper()}) {
                for (double v : values) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            double pad = hi > lo ? (hi - lo) * 0.05 : 1;
            long t0 = p.timestamps()[0];
            long t1 = Math.max(p.timestamps()[p.size() - 1], t0 + 1);
            return new Scale(t0, t1, lo - pad, hi + pad);
        }

        double x(long t) {
            return LEFT + (double) (t - t0) / (t1 - t0) * (WIDTH - LEFT - RIGHT);
        }

        double y(double v) {
            return HEIGHT - BOTTOM - (v - y0) / (y1 - y0) * (HEIGHT - TOP - BOTTOM);
        }
    }

    private static void axes(Graphics2D g, ForecastPlot p, Scale s) {
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= TICKS; i++) {
            double v = s.y0 + (s.y1 - s.y0) * i / TICKS;
            int y = (int) Math.round(s.y(v));
            g.setColor(GRID);
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            // whole numbers when the range allows, so labels of one axis share a format
            String label = String.format(Locale.ROOT, s.y1 - s.y0 >= 10 ? "%.0f" : "%.4g", v);
            g.drawString(label, LEFT - 8 - fm.stringWidth(label), y + fm.getAscent() / 2);
            long t = s.t0 + (s.t1 - s.t0) * i / TICKS;
            int x = (int) Math.round(s.x(t));
            g.setColor(GRID);
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String time = TICK_TIME.format(Instant.ofEpochMilli(t));
            int width = fm.stringWidth(time);
            int left = Math.min(x - width / 2, WIDTH - 4 - width);
            g.drawString(time, left, HEIGHT - BOTTOM + 18);
        }
        g.drawString("time (UTC)", (WIDTH - fm.stringWidth("time (UTC)")) / 2, HEIGHT - BOTTOM + 42);
        g.setColor(Color.GRAY);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    }

    /** The interval as filled quadrilaterals between consecutive points that both have bounds. */
    private static void band(Graphics2D g, ForecastPlot p, Scale s) {
        g.setColor(BAND);
        long[] t = p.timestamps();
        double[] lo = p.lower();
        double[] hi = p.upper();
        for (int i = 1; i < p.size(); i++) {
            if (Double.isFinite(lo[i - 1]) && Double.isFinite(hi[i - 1]) && Double.isFinite(lo[i])
                    && Double.isFinite(hi[i])) {
                Path2D.Double quad = new Path2D.Double();
                quad.moveTo(s.x(t[i - 1]), s.y(hi[i - 1]));
                quad.lineTo(s.x(t[i]), s.y(hi[i]));
                quad.lineTo(s.x(t[i]), s.y(lo[i]));
                quad.lineTo(s.x(t[i - 1]), s.y(lo[i - 1]));
                quad.closePath();
                g.fill(quad);
            }
        }
    }

    /** A polyline that breaks where a value is missing. */
    private static Path2D line(long[] t, double[] v, Scale s) {
        Path2D.Double path = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < t.length; i++) {
            if (!Double.isFinite(v[i])) {
                pen = false;
                continue;
            }
            if (pen) {
                path.lineTo(s.x(t[i]), s.y(v[i]));
            } else {
                path.moveTo(s.x(t[i]), s.y(v[i]));
                pen = true;
            }
        }
        return path;
    }

    private static void legend(Graphics2D g) {
        int x = WIDTH - RIGHT - 190;
        int y = TOP + 12;
        g.setColor(Color.WHITE);
        g.fillRect(x - 8, y - 8, 185, 62);
        g.setColor(Color.BLACK);
        g.drawLine(x, y, x + 24, y);
        g.drawString("actual", x + 32, y + 5);
        g.setColor(FORECAST);
        g.drawLine(x, y + 18, x + 24, y + 18);
        g.drawString("forecast", x + 32, y + 23);
        g.setColor(BAND);
        g.fillRect(x, y + 30, 24, 10);
        g.setColor(Color.BLACK);
        g.drawString("interval [lo, hi]", x + 32, y + 41);
    }
}
