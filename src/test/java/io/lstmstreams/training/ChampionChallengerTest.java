package io.lstmstreams.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lstmstreams.training.ChampionChallenger.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChampionChallengerTest {
    private static TrainingOutcome outcome(double challenger, double champion, String divergence) {
        return new TrainingOutcome(new float[1], new double[] {1.0}, challenger, champion, Duration.ZERO, divergence);
    }

    @Test
    void shouldAcceptOnlyAStrictlyBetterFiniteChallengerAndCountEachReason() {
        ChampionChallenger judge = new ChampionChallenger();
        assertEquals(Verdict.ACCEPTED, judge.judge(outcome(0.5, 0.6, null)));
        assertEquals(Verdict.REJECTED_NOT_BETTER, judge.judge(outcome(0.6, 0.6, null)));
        assertEquals(Verdict.REJECTED_NOT_BETTER, judge.judge(outcome(0.7, 0.6, null)));
        assertEquals(Verdict.REJECTED_NOT_BETTER, judge.judge(outcome(Double.NaN, Double.NaN, null)));
        assertEquals(Verdict.REJECTED_NOT_BETTER, judge.judge(outcome(Double.POSITIVE_INFINITY, 0.6, null)));
        assertEquals(Verdict.REJECTED_DIVERGED, judge.judge(outcome(0.1, 0.6, "non-finite training loss")));
        assertEquals(Verdict.ACCEPTED, judge.judge(outcome(0.1, Double.NaN, null)));
        assertEquals(2, judge.accepted());
        assertEquals(4, judge.rejectedNotBetter());
        assertEquals(1, judge.rejectedDiverged());
    }
}
