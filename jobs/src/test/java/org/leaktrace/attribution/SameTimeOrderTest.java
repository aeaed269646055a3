package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;
import org.leaktrace.schema.internal.CallerRisk;
import org.leaktrace.schema.internal.SourceSize;
import org.leaktrace.schema.internal.VictimContact;

class SameTimeOrderTest {
    private static final long T = 1_767_225_600_000L;

    private static AttributionInput size(String source) {
        return AttributionInput.newBuilder().setKind(AttributionKind.SOURCE_SIZE).setTimeMs(T)
                .setSize(new SourceSize(source, 1L)).build();
    }

    private static AttributionInput risk(String caller) {
        return AttributionInput.newBuilder().setKind(AttributionKind.CALLER_RISK).setTimeMs(T)
                .setRisk(CallerRisk.newBuilder().setCaller(caller).setScore(0.9).setReasons(List.of())
                        .setFirstSeenMs(T).setCalls(5).setDistinctCallees(5).setAnswerRate(0.2)
                        .setShortCallShare(1.0).setColdShare(1.0).setReciprocity(0.0).setComplaints(0).build())
                .build();
    }

    private static AttributionInput contact(AttributionKind kind, String caller, String victim) {
        return AttributionInput.newBuilder().setKind(kind).setTimeMs(T)
                .setContact(VictimContact.newBuilder().setRecordId(caller + victim).setCaller(caller)
                        .setVictim(victim).setTimeMs(T).setAnswered(false).setDurationS(0).setTouches(List.of())
                        .build())
                .build();
    }

    private static String describe(AttributionInput in) {
        return switch (in.getKind()) {
            case SOURCE_SIZE -> "size:" + in.getSize().getSource();
            case CALLER_RISK -> "risk:" + in.getRisk().getCaller();
            case CONTACT, EARLY_CONTACT -> in.getKind() + ":" + in.getContact().getCaller() + ">" + in.getContact().getVictim();
        };
    }

    @Test
    void sizesFirstThenCallersInTurnEachInTheOrderItsSubtaskSentThem() {
        // Two callers' flushes (a risk, then the contacts it releases) and two sizes, each in the
        // order its own subtask sent them, interleaved in every way the network could.
        List<AttributionInput> b = List.of(risk("+8617100000002"), contact(AttributionKind.CONTACT, "+8617100000002", "v1"),
                contact(AttributionKind.CONTACT, "+8617100000002", "v0"));
        List<AttributionInput> a = List.of(contact(AttributionKind.EARLY_CONTACT, "+8617100000001", "v9"),
                risk("+8617100000001"));
        List<AttributionInput> sizes = List.of(size("SCH-047"), size("*"));
        List<String> expected = List.of("size:*", "size:SCH-047",
                "EARLY_CONTACT:+8617100000001>v9", "risk:+8617100000001",
                "risk:+8617100000002", "CONTACT:+8617100000002>v1", "CONTACT:+8617100000002>v0");
        Random random = new Random(7);
        for (int run = 0; run < 50; run++) {
            List<AttributionInput> arrived = interleave(random, a, b, run % 2 == 0 ? sizes : List.of(sizes.get(1), sizes.get(0)));
            List<AttributionInput> before = new ArrayList<>(arrived);
            assertEquals(expected, SameTimeOrder.sorted(arrived).stream().map(SameTimeOrderTest::describe).toList());
            assertEquals(before, arrived, "the list given is left as it was");
        }
    }

    /** The lists merged at random, each keeping its own order. */
    @SafeVarargs
    private static List<AttributionInput> interleave(Random random, List<AttributionInput>... lists) {
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < lists.length; i++) {
            picks.addAll(Collections.nCopies(lists[i].size(), i));
        }
        Collections.shuffle(picks, random);
        int[] next = new int[lists.length];
        List<AttributionInput> out = new ArrayList<>();
        for (int pick : picks) {
            out.add(lists[pick].get(next[pick]++));
        }
        return out;
    }
}
