package io.lstmstreams.stream;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lstmstreams.engine.SeriesState;
import org.junit.jupiter.api.Test;

class DecodedStatesTest {
    private final SeriesState state = SeriesState.initial(StreamFixtures.engineConfig(), 8, 0);

    @Test
    void shouldReturnTheStateOnlyForTheVeryArrayItWasStoredAs() {
        DecodedStates decoded = new DecodedStates();
        byte[] stored = {1, 2, 3};
        decoded.remember(stored, state);

        assertNull(decoded.take(stored.clone()), "equal bytes in another array may come from anywhere");
        assertSame(state, decoded.take(stored));
    }

    @Test
    void shouldHandTheStateOutOnlyOnce() {
        DecodedStates decoded = new DecodedStates();
        byte[] stored = {1, 2, 3};
        decoded.remember(stored, state);

        decoded.take(stored);

        assertNull(decoded.take(stored), "a state being changed must not be handed out again");
        assertNull(decoded.take(null));
    }
}
