package io.lstmstreams.event;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A finite double as JSON number text, rounded half-even to {@value #SIGNIFICANT_DIGITS}
 * significant digits, in the layout of Java's {@code Double.toString}: plain from 10<sup>-3</sup>
 * up to 10<sup>7</sup> ({@code 1234.5}, {@code 0.00125}), computerized scientific notation
 * otherwise ({@code 1.25E-5}, {@code 3.0E9}), trailing zeros dropped, at least one digit after the
 * point. That is the text Jackson's generator writes for the double nearest the rounded decimal.
 *
 * <p>Twelve digits are five more than the float32 network computes with, and exact for any
 * integer below 10<sup>12</sup>, so a forecast loses nothing it has; the seventeen a double can
 * need make the text longer and, with a general shortest-decimal writer, several times slower.
 * The usual case takes one or two multiplications or divisions by an exact power of ten: the rounding is
 * decided from that product unless it lies within {@value #TIE_MARGIN} of a half, where the
 * product's own rounding error (at most 6.2e-5 there) could flip it, and then, like magnitudes
 * beyond 10<sup>&plusmn;22</sup> of the leading digit, by {@link BigDecimal}'s exact rounding.
 */
final class DecimalText {
    static final int SIGNIFICANT_DIGITS = 12;
    /** Longest text written: sign, 12 digits, point, {@code E-308}; a subnormal's text is no longer. */
    static final int MAX_LENGTH = 1 + SIGNIFICANT_DIGITS + 1 + 5;
    static final double TIE_MARGIN = 1e-3;

    private static final long LOWEST = 100_000_000_000L;
    private static final long BOUND = 1_000_000_000_000L;
    private static final double[] POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    private static final long[] LONG_POWERS = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L,
        1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L,
    };
    private static final long EXPONENT_TOO_SMALL = -2;
    private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

    private DecimalText() {
    }

    /**
     * Writes {@code value}, which must be finite, at {@code at}; {@code out} must have
     * {@link #MAX_LENGTH} bytes free there.
     *
     * @return the index after the last byte written
     */
    static int write(double value, byte[] out, int at) {
        int i = at;
        if (Double.doubleToRawLongBits(value) < 0) {
            out[i++] = '-';
        }
        double magnitude = Math.abs(value);
        if (magnitude == 0) {
            out[i++] = '0';
            out[i++] = '.';
            out[i++] = '0';
            return i;
        }
        // floor(log10) of the magnitude is this or one more: 1233 / 4096 is log10(2) to four places
        int exponent = (Math.getExponent(magnitude) * 1233) >> 12;
        long digits = roundedDigits(magnitude, exponent);
        if (digits == EXPONENT_TOO_SMALL) {
            exponent++;
            digits = roundedDigits(magnitude, exponent);
        }
        if (digits < 0) {
            BigDecimal rounded = new BigDecimal(magnitude).round(ROUNDING);
            if (magnitude < Double.MIN_NORMAL) {
                // a subnormal has fewer than twelve significant digits: the shortest text of the
                // double nearest the rounded decimal is shorter than the decimal
                return ascii(NumberOutput.toString(rounded.doubleValue(), true), out, i);
            }
            int precision = rounded.precision();
            exponent = precision - rounded.scale() - 1;
            digits = rounded.unscaledValue().longValueExact() * LONG_POWERS[SIGNIFICANT_DIGITS - precision];
        }
        return layout(digits, exponent, out, i);
    }

    /**
     * The 12 digits of the magnitude rounded at that leading exponent; {@link #EXPONENT_TOO_SMALL}
     * when the magnitude has 13 digits before the point at it; -1 when the product cannot decide
     * them: a near-tie, digits within one of a power of ten, or no exact power of ten to scale by.
     */
    private static long roundedDigits(double magnitude, int exponent) {
        int scale = SIGNIFICANT_DIGITS - 1 - exponent;
        if (scale < -22 || scale > 22) {
            return -1;
        }
        double scaled = scale >= 0 ? magnitude * POWERS[scale] : magnitude / POWERS[-scale];
        if (scaled >= BOUND) {
            return EXPONENT_TOO_SMALL;
        }
        if (scaled < LOWEST || scaled >= BOUND - 1) {
            return -1;
        }
        long whole = (long) scaled;
        double fraction = scaled - whole;
        if (Math.abs(fraction - 0.5) <= TIE_MARGIN) {
            return -1;
        }
        return fraction > 0.5 ? whole + 1 : whole;
    }

    /** {@code digits} (exactly 12) times 10^(exponent - 11), laid out as {@code Double.toString} does. */
    private static int layout(long digits, int exponent, byte[] out, int at) {
        int count = SIGNIFICANT_DIGITS;
        while (digits % 10 == 0) {
            digits /= 10;
            count--;
        }
        int i = at;
        if (exponent >= -3 && exponent < 7) {
            if (exponent < 0) {
                out[i++] = '0';
                out[i++] = '.';
                for (int z = -1; z > exponent; z--) {
                    out[i++] = '0';
                }
                return writeDigits(digits, count, out, i);
            }
            int whole = exponent + 1;
            if (count <= whole) {
                i = writeDigits(digits, count, out, i);
                for (int z = count; z < whole; z++) {
                    out[i++] = '0';
                }
                out[i++] = '.';
                out[i++] = '0';
                return i;
            }
            long fractionScale = LONG_POWERS[count - whole];
            i = writeDigits(digits / fractionScale, whole, out, i);
            out[i++] = '.';
            return writeDigits(digits % fractionScale, count - whole, out, i);
        }
        long restScale = LONG_POWERS[count - 1];
        out[i++] = (byte) ('0' + digits / restScale);
        out[i++] = '.';
        i = count == 1 ? put(out, i, '0') : writeDigits(digits % restScale, count - 1, out, i);
        out[i++] = 'E';
        if (exponent < 0) {
            out[i++] = '-';
            exponent = -exponent;
        }
        return writeDigits(exponent, exponent >= 100 ? 3 : exponent >= 10 ? 2 : 1, out, i);
    }

    private static int ascii(String text, byte[] out, int at) {
        for (int c = 0; c < text.length(); c++) {
            out[at + c] = (byte) text.charAt(c);
        }
        return at + text.length();
    }

    private static int put(byte[] out, int at, char c) {
        out[at] = (byte) c;
        return at + 1;
    }

    /** The last {@code count} decimal digits of {@code value}, leading zeros included. */
    private static int writeDigits(long value, int count, byte[] out, int at) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + count;
    }
}
