package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a state run reads: the running job's checkpoint told apart from the one after the end of the input. */
class StateResultTest {
    private static final WorldInfo WORLD = new WorldInfo(10_000, 7, 1, 170_000, 50, 10, 1_900, Path.of("w"));

    private static StateBreakdown checkpoint(long id, long keyedBytes) {
        return new StateBreakdown(id, List.of(new OperatorStateSize("caller-profile", keyedBytes, 0, 0, keyedBytes)));
    }

    private static StateSplit split(long id, long bytes) {
        return new StateSplit(id, List.of(new StateSplit.StateSize("caller-profile", "caller-profile", bytes, 10_000)));
    }

    @Test
    void theCheckpointBeforeTheEndOfTheInputIsNamedAsTheRunningJobs() {
        StateBreakdown largest = checkpoint(2, 4_100_000);
        List<StateBreakdown> series = List.of(checkpoint(1, 3_000_000), largest, checkpoint(3, 4_000_000),
                checkpoint(4, 2_900_000));
        Measurement m = new Measurement(BenchMode.STATE, WORLD, 170_000, 10, 2, 5, largest.totalBytes(), 1, 15);
        String text = new StateResult(m, largest, series, Map.of(),
                List.of(split(2, 4_100_000), split(3, 4_000_000), split(4, 2_900_000)), List.of()).text();

        assertTrue(text.contains("running: checkpoint 3, 400.0 B per subscriber, the last before checkpoint 4"
                + " (290.0 B), which a bounded run takes after the end of its input"), text);
        assertTrue(text.contains("checkpoint 2 by state (largest; keyed state"), text);
        assertTrue(text.contains("checkpoint 3 by state (running; keyed state"), text);
        assertTrue(text.contains("checkpoint 4 by state (after the end of the input; keyed state"), text);
    }

    @Test
    void oneCheckpointNamesNoRunningOne() {
        StateBreakdown only = checkpoint(1, 3_000_000);
        Measurement m = new Measurement(BenchMode.STATE, WORLD, 170_000, 10, 2, 5, only.totalBytes(), 1, 15);
        String text = new StateResult(m, only, List.of(only), Map.of(), List.of(split(1, 3_000_000)), List.of())
                .text();

        assertFalse(text.contains("running:"), text);
        assertTrue(text.contains("checkpoint 1 by state (largest; keyed state"), text);
    }
}
