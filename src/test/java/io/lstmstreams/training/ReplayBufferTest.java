package io.lstmstreams.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
    private static Segment segment(String id) {
        return new Segment(id, new float[][] {{0f}}, new float[][] {{0f}}, 0, null);
    }

    private static List<String> ids(List<Segment> segments) {
        return segments.stream().map(Segment::seriesId).toList();
    }

    @Test
    void shouldHoldOutTheNewestSegmentsAndEvictTheOldest() {
        ReplayBuffer buffer = new ReplayBuffer(4, 2);
        for (int i = 0; i < 6; i++) {
            buffer.add(segment("s" + i));
        }
        ReplayBuffer.Snapshot snap = buffer.snapshot();
        assertEquals(List.of("s2", "s3"), ids(snap.training()));
        assertEquals(List.of("s4", "s5"), ids(snap.validation()));
        assertEquals(4, buffer.size());
        assertEquals(6, buffer.added());
    }

    @Test
    void shouldHaveNothingToTrainOnUntilMoreThanTheHeldOutSegmentsArrived() {
        ReplayBuffer buffer = new ReplayBuffer(10, 3);
        buffer.add(segment("a"));
        buffer.add(segment("b"));
        assertTrue(buffer.snapshot().training().isEmpty());
        assertEquals(List.of("a", "b"), ids(buffer.snapshot().validation()));
    }

    @Test
    void shouldStayConsistentUnderConcurrentWritersAndReaders() throws Exception {
        ReplayBuffer buffer = new ReplayBuffer(50, 5);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> errors = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < 2000; i++) {
                    buffer.add(segment(writer + "-" + i));
                }
                return null;
            });
        }
        pool.submit(() -> {
            go.await();
            for (int i = 0; i < 500; i++) {
                ReplayBuffer.Snapshot s = buffer.snapshot();
                int total = s.training().size() + s.validation().size();
                if (total > 50 || s.validation().size() > 5) {
                    synchronized (errors) {
                        errors.add(new AssertionError("inconsistent snapshot " + total));
                    }
                }
            }
            return null;
        });
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(6000, buffer.added());
        assertEquals(50, buffer.size());
    }
}
