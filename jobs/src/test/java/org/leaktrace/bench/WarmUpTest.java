package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    @Test
    void settledWhenTheLastTwoRunsAreWithinATenth() {
        assertFalse(WarmUp.settled(List.of()));
        assertFalse(WarmUp.settled(List.of(50.0)), "one run is no trend");
        assertFalse(WarmUp.settled(List.of(51.2, 37.8)), "a quarter less: still compiling");
        assertTrue(WarmUp.settled(List.of(51.2, 37.8, 35.0)));
        assertTrue(WarmUp.settled(List.of(30.0, 32.9)), "up by less than a tenth");
        assertFalse(WarmUp.settled(List.of(30.0, 33.0)), "up by a tenth");
    }

    @Test
    void runsUntilSettledAndAtMostSixTimes() throws Exception {
        assertEquals(3, runs(51.2, 37.8, 35.0, 34.0));
        assertEquals(WarmUp.MAX_RUNS, runs(80, 60, 45, 34, 25, 19, 14));
        assertEquals(1, runs(0.0, 0.0), "a JVM without thread CPU gets one run");
    }

    /** How many runs the warm-up makes when its runs spend these µs of CPU per record in turn. */
    private static int runs(double... microsPerRecord) throws Exception {
        Deque<Double> left = new ArrayDeque<>();
        for (double us : microsPerRecord) {
            left.add(us);
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int[] calls = {0};
        WarmUp.run("replay on test", () -> {
            calls[0]++;
            double seconds = left.remove() * 1_000_000 / 1e6;
            Measurement m = new Measurement(BenchMode.REPLAY, null, 1_000_000, 10, 2, 0, -1, 0, seconds);
            return new StateResult(m, null, List.of(), seconds > 0 ? Map.of("touchpoints", seconds) : Map.of());
        }, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertEquals(calls[0], text.toString(StandardCharsets.UTF_8).lines().count());
        return calls[0];
    }
}
