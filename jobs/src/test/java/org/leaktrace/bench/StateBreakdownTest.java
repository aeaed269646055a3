package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeOffsets;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateBreakdownTest {
    private static int handles;

    private static KeyGroupsStateHandle keyed(int bytes) {
        return new KeyGroupsStateHandle(new KeyGroupRangeOffsets(KeyGroupRange.of(0, 63)),
                new ByteStreamStateHandle("keyed-" + handles++, new byte[bytes]));
    }

    private static OperatorStreamStateHandle operator(int bytes) {
        return new OperatorStreamStateHandle(Map.of(), new ByteStreamStateHandle("operator-" + handles++, new byte[bytes]));
    }

    private static OperatorState state(String uid, OperatorSubtaskState... subtasks) {
        OperatorState s = new OperatorState(uid + "-name", uid, OperatorID.fromJobVertexID(
                new org.apache.flink.runtime.jobgraph.JobVertexID()), subtasks.length, 128);
        for (int i = 0; i < subtasks.length; i++) {
            s.putState(i, subtasks[i]);
        }
        return s;
    }

    /** Two subtasks of a keyed operator, a source with split state only, an operator without state. */
    private static CheckpointMetadata metadata() {
        OperatorState touchpoints = state("touchpoints",
                OperatorSubtaskState.builder().setManagedKeyedState(keyed(3_000)).setManagedOperatorState(operator(100))
                        .build(),
                OperatorSubtaskState.builder().setManagedKeyedState(keyed(2_000)).setRawKeyedState(keyed(50)).build());
        OperatorState source = state("cdr-source",
                OperatorSubtaskState.builder().setManagedOperatorState(operator(400)).build());
        OperatorState stateless = state("party-splitter", OperatorSubtaskState.builder().build());
        return new CheckpointMetadata(7, List.of(source, stateless, touchpoints), List.of());
    }

    @Test
    void sumsEachOperatorsSubtasksByKindLargestFirstAndSkipsStatelessOnes() {
        StateBreakdown b = StateBreakdown.of(metadata());
        assertEquals(7, b.checkpointId());
        assertEquals(List.of("touchpoints", "cdr-source"), b.operators().stream().map(OperatorStateSize::operator).toList());
        OperatorStateSize t = b.operators().get(0);
        assertEquals(5_000, t.keyedBytes());
        assertEquals(50, t.rawKeyedBytes());
        assertEquals(100, t.operatorBytes());
        assertEquals(5_150, t.totalBytes());
        assertEquals(5_150, t.newBytes(), "a full snapshot writes all it holds");
        assertEquals(5_550, b.totalBytes());
        assertEquals(5_550, b.newBytes());
    }

    @Test
    void readsTheMetadataFileOfACheckpointDirectory(@TempDir Path dir) throws Exception {
        Path chk = Files.createDirectories(dir.resolve("chk-7"));
        try (OutputStream out = Files.newOutputStream(chk.resolve(StateBreakdown.METADATA));
                DataOutputStream data = new DataOutputStream(out)) {
            Checkpoints.storeCheckpointMetadata(metadata(), data);
        }
        assertEquals(StateBreakdown.of(metadata()).operators(), StateBreakdown.read(chk).operators());
    }

    @Test
    void tableShowsBytesPerSubscriberAndShare() {
        String table = StateBreakdown.of(metadata()).table(10);
        assertTrue(table.contains("touchpoints"), table);
        String touch = table.lines().filter(l -> l.startsWith("touchpoints")).findFirst().orElseThrow();
        assertTrue(touch.matches("touchpoints\\s+5,000\\s+50\\s+100\\s+5,150\\s+515\\.0\\s+92\\.8%"), touch);
        String all = table.lines().filter(l -> l.startsWith("all (checkpoint 7)")).findFirst().orElseThrow();
        assertTrue(all.matches("all \\(checkpoint 7\\)\\s+5,000\\s+50\\s+500\\s+5,550\\s+555\\.0\\s+100\\.0%"), all);
    }

    @Test
    void rejectsNegativeSizes() {
        assertThrows(IllegalArgumentException.class, () -> new OperatorStateSize("x", -1, 0, 0, 0));
    }
}
