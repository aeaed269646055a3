package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leaktrace.bench.StateSplit.StateSize;

class StateSplitTest {

    private static final StateSplit SPLIT = new StateSplit(11, List.of(
            new StateSize("hubs", "hub-callers", 7_200, 96),
            new StateSize("caller-profile", StateSplit.OVERHEAD, 40, 0),
            new StateSize("caller-profile", "caller-profile", 13_500, 100),
            new StateSize("caller-profile", "cold-contact-buffer", 30, 1)));

    @Test
    void statesComeLargestFirstAndAddUpPerOperator() {
        assertEquals(List.of("caller-profile", "hub-callers", StateSplit.OVERHEAD, "cold-contact-buffer"),
                SPLIT.states().stream().map(StateSize::state).toList());
        assertEquals(13_570, SPLIT.operatorBytes("caller-profile"), "the operator's states and its overhead");
        assertEquals(20_770, SPLIT.totalBytes());
    }

    @Test
    void theTableGivesBytesPerSubscriberAndPerEntryAndSumsTheSmallStates() {
        String table = SPLIT.table(100, 100);
        List<String> rows = table.lines().map(l -> l.trim().replaceAll(" {2,}", " | ")).toList();
        assertEquals(List.of(
                "operator | state | bytes | entries | B/sub | B/entry | share",
                "caller-profile | caller-profile | 13,500 | 100 | 135.0 | 135.0 | 65.0%",
                "hubs | hub-callers | 7,200 | 96 | 72.0 | 75.0 | 34.7%",
                "(2 smaller states) | 70 | 0.7 | 0.3%",
                "all keyed (checkpoint 11) | 20,770 | 207.7 | 100.0%"), rows);
        assertEquals(5, table.lines().count(), "heading, two states, the small ones, the total");
    }
}
