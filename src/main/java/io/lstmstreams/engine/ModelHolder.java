package io.lstmstreams.engine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The model currently in use, swapped atomically when a new version arrives. Readers pick the
 * reference up once per event; an older version is never put back.
 */
public final class ModelHolder {
    private final AtomicReference<ForecastModel> current;

    public ModelHolder(ForecastModel initial) {
        this.current = new AtomicReference<>(initial);
    }

    public ForecastModel current() {
        return current.get();
    }

    /** Installs {@code model} if it is newer than the current one; returns whether it did. */
    public boolean offer(ForecastModel model) {
        while (true) {
            ForecastModel now = current.get();
            if (model.version() <= now.version()) {
                return false;
            }
            if (current.compareAndSet(now, model)) {
                return true;
            }
        }
    }
}
