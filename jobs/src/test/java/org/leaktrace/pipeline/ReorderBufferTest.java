package org.leaktrace.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
    private static final EventTies<String> TIES = String::compareTo;

    /** An event as released: its time, text and arrival. */
    private static String describe(ReorderBuffer.Waiting<String> w) {
        return w.timeMs() + ":" + w.event() + "#" + w.arrival();
    }

    @Test
    void releasesWhatAHeapOfTheSameOrderReleasesWhateverTheArrivalsAndWatermarks() {
        Random random = new Random(7);
        ReorderBuffer<String> buffer = new ReorderBuffer<>(TIES);
        Comparator<ReorderBuffer.Waiting<String>> order = Comparator
                .comparingLong((ReorderBuffer.Waiting<String> w) -> w.timeMs())
                .thenComparing(ReorderBuffer.Waiting::event)
                .thenComparingLong(ReorderBuffer.Waiting::arrival);
        PriorityQueue<ReorderBuffer.Waiting<String>> heap = new PriorityQueue<>(order);
        List<String> released = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        long watermark = 0;
        long[] channels = new long[3];
        long arrival = 0;
        for (int step = 0; step < 200_000; step++) {
            if (random.nextInt(50) == 0) {
                watermark += random.nextInt(400);
                for (var w = buffer.pollDue(watermark); w != null; w = buffer.pollDue(watermark)) {
                    released.add(describe(w));
                }
                while (!heap.isEmpty() && heap.peek().timeMs() <= watermark) {
                    expected.add(describe(heap.poll()));
                }
                assertEquals(heap.size(), buffer.size());
            } else {
                // Each channel in order, the channels interleaved: as a keyed stage receives.
                int c = random.nextInt(channels.length);
                channels[c] = Math.max(channels[c], watermark + 1) + random.nextInt(5);
                String text = "e" + random.nextInt(4);
                buffer.add(channels[c], text);
                heap.add(new ReorderBuffer.Waiting<>(channels[c], arrival++, text));
            }
        }
        assertEquals(expected, released);
        List<String> waiting = new ArrayList<>();
        buffer.inOrder().forEach(w -> waiting.add(describe(w)));
        List<String> heapOrder = new ArrayList<>();
        heap.stream().sorted(order).forEach(w -> heapOrder.add(describe(w)));
        assertEquals(heapOrder, waiting, "a snapshot lists the waiting events in release order");
        assertNull(buffer.pollDue(Long.MIN_VALUE));
    }
}
