package io.lstmstreams.cell;

/**
 * The one dense product the kernels need, {@code z += v M}, with M held as one array per row.
 *
 * <p>Rows outside, contiguous columns inside, makes the inner loop an axpy that C2 vectorises,
 * and four rows per pass quarter the loads and stores of z. Separate row arrays matter: with all
 * rows in one flat array the four loads differ by loop-invariant offsets, and JDK 17's
 * auto-vectoriser then leaves the loop scalar (about 4x slower at hidden size 32 and 128).
 */
final class MatrixRows {
    private MatrixRows() {
    }

    /** Copies row-major {@code [rows][cols]} from {@code flat} at {@code offset} into row arrays. */
    static void split(float[] flat, int offset, int rows, int cols, float[][] into, int firstRow) {
        for (int r = 0; r < rows; r++) {
            into[firstRow + r] = new float[cols];
            System.arraycopy(flat, offset + r * cols, into[firstRow + r], 0, cols);
        }
    }

    /**
     * {@code z[0..cols) += sum over r < count of v[vOff + r] * m[firstRow + r]}, where cols is the
     * row length.
     */
    static void accumulate(float[][] m, int firstRow, float[] v, int vOff, int count, float[] z) {
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            float v0 = v[vOff + r];
            float v1 = v[vOff + r + 1];
            float v2 = v[vOff + r + 2];
            float v3 = v[vOff + r + 3];
            float[] m0 = m[firstRow + r];
            float[] m1 = m[firstRow + r + 1];
            float[] m2 = m[firstRow + r + 2];
            float[] m3 = m[firstRow + r + 3];
            for (int j = 0; j < m0.length; j++) {
                z[j] += v0 * m0[j] + v1 * m1[j] + v2 * m2[j] + v3 * m3[j];
            }
        }
        for (; r < count; r++) {
            float vr = v[vOff + r];
            float[] row = m[firstRow + r];
            for (int j = 0; j < row.length; j++) {
                z[j] += vr * row[j];
            }
        }
    }

    /** Row-major copy of {@code count} rows starting at {@code firstRow}. */
    static float[] join(float[][] m, int firstRow, int count) {
        int cols = m[firstRow].length;
        float[] flat = new float[count * cols];
        for (int r = 0; r < count; r++) {
            System.arraycopy(m[firstRow + r], 0, flat, r * cols, cols);
        }
        return flat;
    }
}
