package org.leaktrace.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * Flink deletes a superseded checkpoint while the bench still wants to split the largest by
     * state: the kept hard links hold the largest and the latest after their originals are gone.
     */
    @Test
    void keepsTheLargestTheLatestAndTheOneBeforeItsFilesAfterFlinkDeletedThem(@TempDir Path root) throws Exception {
        Path job = Files.createDirectories(root.resolve("checkpoints").resolve("0123abcd"));
        Path keep = root.resolve("kept");
        try (CheckpointSizer sizer = CheckpointSizer.manual(root.resolve("checkpoints"), keep)) {
            checkpoint(job, 1, 300);
            Files.write(job.resolve("chk-1").resolve("state-1"), new byte[] {1});
            sizer.scan();
            checkpoint(job, 2, 900);
            Files.write(job.resolve("chk-2").resolve("state-2"), new byte[] {2, 2});
            sizer.scan();
            KafkaBench.deleteRecursively(job.resolve("chk-1"));
            checkpoint(job, 3, 500);
            Files.write(job.resolve("chk-3").resolve("state-3"), new byte[] {3, 3, 3});
            sizer.scan();
            KafkaBench.deleteRecursively(job.resolve("chk-2"));
            checkpoint(job, 4, 400);
            Files.write(job.resolve("chk-4").resolve("state-4"), new byte[] {4});
            sizer.scan();
            KafkaBench.deleteRecursively(job);

            assertEquals(2, StateBreakdown.read(keep.resolve(CheckpointSizer.LARGEST)).checkpointId());
            assertArrayEquals(new byte[] {2, 2}, Files.readAllBytes(keep.resolve(CheckpointSizer.LARGEST).resolve("state-2")));
            assertEquals(3, StateBreakdown.read(keep.resolve(CheckpointSizer.BEFORE_LATEST)).checkpointId());
            assertArrayEquals(new byte[] {3, 3, 3},
                    Files.readAllBytes(keep.resolve(CheckpointSizer.BEFORE_LATEST).resolve("state-3")));
            assertEquals(4, StateBreakdown.read(keep.resolve(CheckpointSizer.LATEST)).checkpointId());
            assertArrayEquals(new byte[] {4},
                    Files.readAllBytes(keep.resolve(CheckpointSizer.LATEST).resolve("state-4")));
            assertFalse(Files.exists(keep.resolve(CheckpointSizer.LATEST).resolve("state-3")),
                    "the older one replaced");
            List<String> problems = new ArrayList<>();
            List<StateSplit> splits = sizer.splits(problems);
            assertEquals(List.of(2L, 3L, 4L), splits.stream().map(StateSplit::checkpointId).toList(),
                    "the largest, the one before the latest, then the latest");
            assertTrue(splits.stream().allMatch(x -> x.states().isEmpty()), "operator state only: nothing keyed");
            assertEquals(List.of(), problems);
        }
    }

    @Test
    void aCheckpointWhoseFileWentMissingIsNotKeptAsIfWhole(@TempDir Path root) throws Exception {
        Path chk = Files.createDirectories(root.resolve("chk-7"));
        Files.write(chk.resolve(StateBreakdown.METADATA), new byte[] {1});
        Path target = root.resolve("kept");
        Files.createDirectories(target);
        Files.createLink(target.resolve("state"), Files.write(root.resolve("other"), new byte[] {9}));
        Files.write(chk.resolve("state"), new byte[] {5});

        CheckpointSizer.link(chk, target);

        assertArrayEquals(new byte[] {5}, Files.readAllBytes(target.resolve("state")), "a fresh copy, not a merge");
        assertTrue(Files.exists(target.resolve(StateBreakdown.METADATA)));
        KafkaBench.deleteRecursively(chk);
        CheckpointSizer.link(chk, target);
        assertFalse(Files.exists(target.resolve(StateBreakdown.METADATA)), "a checkpoint deleted before it was linked is not kept");
    }
}
