package io.lstmstreams.config;

/** The recurrent cell used by every layer of the network. */
public enum CellType {
    /** Long short-term memory, DL4J's {@code LSTM} layer (no peepholes). */
    LSTM,
    /** Vanilla recurrent layer with tanh, DL4J's {@code SimpleRnn}. */
    RNN
}
