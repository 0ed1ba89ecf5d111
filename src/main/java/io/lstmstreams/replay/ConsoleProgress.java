package io.lstmstreams.replay;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, only where someone watches: on a terminal, outside CI, and when not
 * switched off. Elsewhere (pipes, logs, tests) it is null, and callers skip their updates.
 */
public final class ConsoleProgress {
    private ConsoleProgress() {
    }

    /**
     * @param task the bar's label
     * @param max the total, in {@code unit}s times {@code unitSize}
     * @param wanted false for {@code --no-progress}
     * @return the bar, or null when nobody would see it
     */
    public static ProgressBar open(String task, long max, String unit, long unitSize, boolean wanted) {
        if (!wanted || System.console() == null || System.getenv("CI") != null) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(unit, unitSize)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500)
                .build();
    }
}
