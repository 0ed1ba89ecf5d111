package io.lstmstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.lstmstreams.engine.SeriesState;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void shouldStopRememberingAtItsBound() {
        DecodedStates decoded = new DecodedStates();
        List<byte[]> stored = new ArrayList<>();
        for (int i = 0; i <= DecodedStates.MAX_STATES; i++) {
            byte[] bytes = {(byte) i};
            stored.add(bytes);
            decoded.remember(bytes, state);
        }
        assertEquals(DecodedStates.MAX_STATES, decoded.size());
        assertNull(decoded.take(stored.get(DecodedStates.MAX_STATES)), "the one past the bound is decoded as usual");
        assertSame(state, decoded.take(stored.get(0)));
    }
}
