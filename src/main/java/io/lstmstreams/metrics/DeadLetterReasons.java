package io.lstmstreams.metrics;

import io.lstmstreams.engine.StepResult;
import io.lstmstreams.event.Rejection;
import io.lstmstreams.stream.ForecastProcessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The closed set of dead-letter reasons a metric tag may carry: the parser's rejection codes, the
 * engine's, and the processor's own. Anything else is reported as {@value #OTHER}, so that a new
 * code, or a bug that puts free text in the reason, cannot grow the number of time series.
 */
public final class DeadLetterReasons {
    /** The tag value of a reason not in the set. */
    public static final String OTHER = "other";

    private static final Set<String> KNOWN = known();

    private DeadLetterReasons() {
    }

    /** {@code reason} if it is a known code, else {@value #OTHER}. */
    public static String tagValue(String reason) {
        return reason != null && KNOWN.contains(reason) ? reason : OTHER;
    }

    /** Every tag value, {@value #OTHER} included, sorted. */
    public static List<String> all() {
        List<String> all = new ArrayList<>(KNOWN);
        all.add(OTHER);
        Collections.sort(all);
        return List.copyOf(all);
    }

    private static Set<String> known() {
        Set<String> codes = new TreeSet<>();
        for (Rejection.Reason r : Rejection.Reason.values()) {
            codes.add(r.code());
        }
        codes.add(StepResult.DUPLICATE);
        codes.add(StepResult.OUT_OF_ORDER);
        codes.add(StepResult.WRONG_ARITY);
        codes.add(ForecastProcessor.PROCESSING_ERROR);
        return Collections.unmodifiableSet(codes);
    }
}
