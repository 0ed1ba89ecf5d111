package io.lstmstreams.training;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides whether a freshly trained challenger replaces the champion: only if training did not diverge
 * and its loss on the held-out newest segments is finite and strictly lower than the champion's on the
 * same segments. Counts every verdict (thread-safe getters, for metrics).
 */
public final class ChampionChallenger {
    /** The outcome of one comparison. */
    public enum Verdict {
        /** Publish the challenger. */
        ACCEPTED,
        /** NaN/Inf or exploding loss or weights during training. */
        REJECTED_DIVERGED,
        /** Not strictly better than the champion (or no finite validation loss to judge by). */
        REJECTED_NOT_BETTER
    }

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong diverged = new AtomicLong();
    private final AtomicLong notBetter = new AtomicLong();

    public Verdict judge(TrainingOutcome outcome) {
        Verdict v = verdict(outcome);
        switch (v) {
            case ACCEPTED -> accepted.incrementAndGet();
            case REJECTED_DIVERGED -> diverged.incrementAndGet();
            case REJECTED_NOT_BETTER -> notBetter.incrementAndGet();
        }
        return v;
    }

    private static Verdict verdict(TrainingOutcome outcome) {
        if (outcome.diverged()) {
            return Verdict.REJECTED_DIVERGED;
        }
        double challenger = outcome.challengerLoss();
        double champion = outcome.championLoss();
        if (!Double.isFinite(challenger)) {
            return Verdict.REJECTED_NOT_BETTER; // nothing to judge by: never publish blind
        }
        // a champion that cannot even produce a finite loss is beaten by any finite challenger
        return !Double.isFinite(champion) || challenger < champion ? Verdict.ACCEPTED : Verdict.REJECTED_NOT_BETTER;
    }

    public long accepted() {
        return accepted.get();
    }

    public long rejectedDiverged() {
        return diverged.get();
    }

    public long rejectedNotBetter() {
        return notBetter.get();
    }
}
