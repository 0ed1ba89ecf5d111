package io.lstmstreams.cell;

import java.util.List;

/** Default {@link NetworkStepper}: each layer in turn, the layer's new h feeding the next. */
final class StackStepper implements NetworkStepper {
    private final List<RecurrentLayer> layers;
    private final DenseHead head;
    private final float[] scratch;
    private final float[] layerInput;

    StackStepper(RecurrentNetwork network) {
        this.layers = network.layers();
        this.head = network.head();
        int scratchSize = 0;
        int widest = network.inputSize();
        for (RecurrentLayer layer : layers) {
            scratchSize = Math.max(scratchSize, layer.scratchSize());
            widest = Math.max(widest, layer.hiddenSize());
        }
        this.scratch = new float[scratchSize];
        this.layerInput = new float[widest];
    }

    @Override
    public void step(float[] state, float[] input, float[] output) {
        int top = advanceAll(state, input);
        head.apply(state, top, output);
    }

    @Override
    public void advance(float[] state, float[] input) {
        advanceAll(state, input);
    }

    /** Advances every layer; returns the offset of the top layer's h in {@code state}. */
    private int advanceAll(float[] state, float[] input) {
        float[] in = input;
        int offset = 0;
        int top = 0;
        for (RecurrentLayer layer : layers) {
            layer.step(in, state, offset, scratch);
            System.arraycopy(state, offset, layerInput, 0, layer.hiddenSize());
            in = layerInput;
            top = offset;
            offset += layer.stateSize();
        }
        return top;
    }
}
