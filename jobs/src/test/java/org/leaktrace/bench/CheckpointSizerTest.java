package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSizerTest {

    private static void checkpoint(Path job, long id, int bytes) throws Exception {
        OperatorState op = new OperatorState("hubs", "hubs", OperatorID.fromJobVertexID(new JobVertexID()), 1, 128);
        op.putState(0, OperatorSubtaskState.builder().setManagedOperatorState(new OperatorStreamStateHandle(Map.of(),
                new ByteStreamStateHandle("h" + id, new byte[bytes]))).build());
        Path chk = Files.createDirectories(job.resolve("chk-" + id));
        try (OutputStream out = Files.newOutputStream(chk.resolve(StateBreakdown.METADATA));
                DataOutputStream data = new DataOutputStream(out)) {
            Checkpoints.storeCheckpointMetadata(new CheckpointMetadata(id, List.of(op), List.of()), data);
        }
    }

    @Test
    void keepsTheLargestCheckpointAndEverySizeEvenAfterFlinkDeletedThem(@TempDir Path root) throws Exception {
        Path job = Files.createDirectories(root.resolve("0123abcd"));
        try (CheckpointSizer sizer = CheckpointSizer.manual(root)) {
            sizer.scan();
            assertEquals(-1, sizer.largestBytes());
            assertNull(sizer.largestBreakdown());
            assertEquals(List.of(), sizer.series());
            checkpoint(job, 1, 300);
            sizer.scan();
            checkpoint(job, 2, 900);
            KafkaBench.deleteRecursively(job.resolve("chk-1"));
            sizer.scan();
            KafkaBench.deleteRecursively(job.resolve("chk-2"));
            checkpoint(job, 3, 500);
            sizer.scan();
            assertEquals(900, sizer.largestBytes());
            assertEquals(2, sizer.largestBreakdown().checkpointId());
            assertEquals(List.of(1L, 2L, 3L), sizer.series().stream().map(StateBreakdown::checkpointId).toList(),
                    "every checkpoint read, oldest first");
            assertEquals(1, sizer.completedSeen());
        }
    }

    @Test
    void unreadableMetadataCountsTheDirectoryAfterRetries(@TempDir Path root) throws Exception {
        Path chk = Files.createDirectories(root.resolve("job").resolve("chk-1"));
        Files.write(chk.resolve(StateBreakdown.METADATA), new byte[] {1, 2, 3});
        Files.write(chk.resolve("state-file"), new byte[997]);
        try (CheckpointSizer sizer = CheckpointSizer.manual(root)) {
            for (int i = 1; i < CheckpointSizer.READ_ATTEMPTS; i++) {
                sizer.scan();
                assertEquals(-1, sizer.largestBytes(), "still being written, perhaps");
            }
            sizer.scan();
            assertEquals(1_000, sizer.largestBytes());
            assertNull(sizer.largestBreakdown());
        }
    }
}
