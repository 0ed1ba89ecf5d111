package io.lstmstreams.training;

import io.lstmstreams.config.CellType;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Segments of one length stacked into DL4J's time-series layout: features {@code [mb, nIn, T]},
 * labels {@code [mb, horizon, T]}, a per-step label mask {@code [mb, T]} that is 0 before each row's
 * {@code lossFrom}, and per layer the rows' initial {@code h} (and LSTM {@code c}) as {@code [mb, H]}.
 * Rows without a state start from zeros.
 */
final class SegmentBatch {
    private final INDArray features;
    private final INDArray labels;
    private final INDArray labelMask;
    private final INDArray[] initialH;
    private final INDArray[] initialC;
    private final int steps;
    private final int rows;

    private SegmentBatch(INDArray features, INDArray labels, INDArray labelMask, INDArray[] initialH,
            INDArray[] initialC, int steps, int rows) {
        this.features = features;
        this.labels = labels;
        this.labelMask = labelMask;
        this.initialH = initialH;
        this.initialC = initialC;
        this.steps = steps;
        this.rows = rows;
    }

    /**
     * Stacks {@code segments} (all of the same length). With {@code useState} false every row starts from
     * zeros whatever its segment carries.
     */
    static SegmentBatch of(List<Segment> segments, CellType cell, int[] hiddenSizes, int nIn, int horizon,
            boolean useState, DataType dataType) {
        int mb = segments.size();
        int t = segments.get(0).steps();
        float[] x = new float[mb * nIn * t];
        float[] y = new float[mb * horizon * t];
        float[] m = new float[mb * t];
        for (int r = 0; r < mb; r++) {
            Segment s = segments.get(r);
            if (s.steps() != t) {
                throw new IllegalArgumentException("segments of one batch must have the same length");
            }
            for (int step = 0; step < t; step++) {
                float[] in = s.inputs()[step];
                float[] target = s.targets()[step];
                if (in.length != nIn || target.length != horizon) {
                    throw new IllegalArgumentException("segment " + s.seriesId() + " does not fit the network: "
                            + in.length + " inputs, " + target.length + " targets at step " + step);
                }
                // c-order [mb, width, T]: element (r, k, step) at (r * width + k) * T + step
                for (int k = 0; k < nIn; k++) {
                    x[(r * nIn + k) * t + step] = in[k];
                }
                for (int k = 0; k < horizon; k++) {
                    y[(r * horizon + k) * t + step] = target[k];
                }
                m[r * t + step] = step >= s.lossFrom() ? 1f : 0f;
            }
        }
        INDArray features = Nd4j.create(x, new long[] {mb, nIn, t}, 'c').castTo(dataType);
        INDArray labels = Nd4j.create(y, new long[] {mb, horizon, t}, 'c').castTo(dataType);
        INDArray mask = Nd4j.create(m, new long[] {mb, t}, 'c').castTo(dataType);
        boolean anyState = useState && segments.stream().anyMatch(s -> s.initialState() != null);
        INDArray[] h = new INDArray[hiddenSizes.length];
        INDArray[] c = new INDArray[hiddenSizes.length];
        if (anyState) {
            stackStates(segments, cell, hiddenSizes, dataType, h, c);
        }
        return new SegmentBatch(features, labels, mask, h, c, t, mb);
    }

    private static void stackStates(List<Segment> segments, CellType cell, int[] hiddenSizes, DataType dataType,
            INDArray[] h, INDArray[] c) {
        int perLayer = cell == CellType.LSTM ? 2 : 1;
        int stateSize = 0;
        for (int size : hiddenSizes) {
            stateSize += perLayer * size;
        }
        int mb = segments.size();
        int offset = 0;
        for (int layer = 0; layer < hiddenSizes.length; layer++) {
            int size = hiddenSizes[layer];
            float[] hs = new float[mb * size];
            float[] cs = new float[mb * size];
            for (int r = 0; r < mb; r++) {
                float[] state = segments.get(r).initialState();
                if (state == null) {
                    continue;
                }
                if (state.length != stateSize) {
                    throw new IllegalArgumentException("segment " + segments.get(r).seriesId() + " carries "
                            + state.length + " state floats, the network needs " + stateSize);
                }
                System.arraycopy(state, offset, hs, r * size, size);
                if (cell == CellType.LSTM) {
                    System.arraycopy(state, offset + size, cs, r * size, size);
                }
            }
            h[layer] = Nd4j.create(hs, new long[] {mb, size}, 'c').castTo(dataType);
            c[layer] = cell == CellType.LSTM ? Nd4j.create(cs, new long[] {mb, size}, 'c').castTo(dataType) : null;
            offset += perLayer * size;
        }
    }

    INDArray features() {
        return features;
    }

    INDArray labels() {
        return labels;
    }

    INDArray labelMask() {
        return labelMask;
    }

    /** Initial h of {@code layer}, or null for zeros. */
    INDArray initialH(int layer) {
        return initialH[layer];
    }

    /** Initial c of {@code layer} (LSTM only), or null for zeros. */
    INDArray initialC(int layer) {
        return initialC[layer];
    }

    int steps() {
        return steps;
    }

    int rows() {
        return rows;
    }
}
