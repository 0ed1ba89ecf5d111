package io.lstmstreams.cell;

/**
 * Default {@link NetworkStepper}: each layer in turn, the layer's new h feeding the next. Layers are
 * held in an array, not a list, so that the hot loop creates no iterator.
 */
final class StackStepper implements NetworkStepper {
    private final RecurrentLayer[] layers;
    private final int[] offsets;
    private final DenseHead head;
    private final int stateSize;
    private final float[] scratch;
    private final float[] layerInput;

    StackStepper(RecurrentNetwork network) {
        this.layers = network.layers().toArray(new RecurrentLayer[0]);
        this.offsets = new int[layers.length];
        this.head = network.head();
        this.stateSize = network.stateSize();
        int scratchSize = 0;
        int widest = 0;
        int offset = 0;
        for (int i = 0; i < layers.length; i++) {
            offsets[i] = offset;
            offset += layers[i].stateSize();
            scratchSize = Math.max(scratchSize, layers[i].scratchSize());
            widest = Math.max(widest, layers[i].hiddenSize());
        }
        this.scratch = new float[scratchSize];
        this.layerInput = new float[widest];
    }

    @Override
    public void step(float[] state, float[] input, float[] output) {
        advance(state, input);
        head.apply(state, offsets[layers.length - 1], output);
    }

    @Override
    public void advance(float[] state, float[] input) {
        if (state.length < stateSize || input.length < layers[0].inputSize()) {
            throw new IllegalArgumentException("state needs " + stateSize + " floats and input "
                    + layers[0].inputSize() + "; got " + state.length + " and " + input.length);
        }
        layers[0].step(input, state, 0, scratch);
        for (int i = 1; i < layers.length; i++) {
            // the layer below wrote its h at the start of its state slice; copied because a layer
            // reads its input while it writes its own state
            System.arraycopy(state, offsets[i - 1], layerInput, 0, layers[i - 1].hiddenSize());
            layers[i].step(layerInput, state, offsets[i], scratch);
        }
    }
}
