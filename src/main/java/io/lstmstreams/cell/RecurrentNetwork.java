package io.lstmstreams.cell;

import java.util.List;

/**
 * Immutable weights of a stack of recurrent layers with a dense head on the top layer's h.
 * Thread-safe; the per-thread work happens in the {@link NetworkStepper}s it creates.
 */
public final class RecurrentNetwork {
    private final List<RecurrentLayer> layers;
    private final DenseHead head;
    private final int stateSize;

    public RecurrentNetwork(List<RecurrentLayer> layers, DenseHead head) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("at least one recurrent layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputSize() != layers.get(i - 1).hiddenSize()) {
                throw new IllegalArgumentException("layer " + i + " input size does not match layer " + (i - 1));
            }
        }
        if (head.inputSize() != layers.get(layers.size() - 1).hiddenSize()) {
            throw new IllegalArgumentException("head input size does not match the top layer");
        }
        this.layers = List.copyOf(layers);
        this.head = head;
        this.stateSize = layers.stream().mapToInt(RecurrentLayer::stateSize).sum();
    }

    public List<RecurrentLayer> layers() {
        return layers;
    }

    public DenseHead head() {
        return head;
    }

    public int inputSize() {
        return layers.get(0).inputSize();
    }

    public int outputSize() {
        return head.outputSize();
    }

    /** Floats of recurrent state across all layers. */
    public int stateSize() {
        return stateSize;
    }

    public NetworkStepper newStepper() {
        return new StackStepper(this);
    }
}
