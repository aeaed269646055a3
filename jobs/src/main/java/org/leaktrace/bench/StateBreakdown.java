package org.leaktrace.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;

/**
 * Where a completed checkpoint's bytes are: one {@link OperatorStateSize} per operator that holds
 * state, largest first.
 *
 * <p>Read from the checkpoint's {@code _metadata} alone ({@link Checkpoints#loadCheckpointMetadata}),
 * which records every state handle with its size and, since Flink 1.20, each operator's uid and
 * name; the state files themselves are not opened, so a checkpoint can be measured while Flink is
 * already deleting it as superseded.
 *
 * @param checkpointId the checkpoint's id
 * @param operators operators with state, largest first
 */
public record StateBreakdown(long checkpointId, List<OperatorStateSize> operators) {
    /** The file Flink writes last, when a checkpoint is complete. */
    public static final String METADATA = "_metadata";

    public StateBreakdown {
        operators = operators.stream()
                .sorted(Comparator.comparingLong(OperatorStateSize::totalBytes).reversed()
                        .thenComparing(OperatorStateSize::operator))
                .toList();
    }

    /** All state of the checkpoint. */
    public long totalBytes() {
        return operators.stream().mapToLong(OperatorStateSize::totalBytes).sum();
    }

    /** Bytes the checkpoint itself wrote (less than {@link #totalBytes()} when incremental). */
    public long newBytes() {
        return operators.stream().mapToLong(OperatorStateSize::newBytes).sum();
    }

    /** Reads {@code chkDir/_metadata}. */
    public static StateBreakdown read(Path chkDir) throws IOException {
        return of(loadMetadata(chkDir));
    }

    /**
     * Loads {@code chkDir/_metadata}; its relative state handles resolve against {@code chkDir}, so
     * a copy or a set of hard links reads as the original.
     */
    static CheckpointMetadata loadMetadata(Path chkDir) throws IOException {
        try (InputStream in = Files.newInputStream(chkDir.resolve(METADATA));
                DataInputStream data = new DataInputStream(in)) {
            return Checkpoints.loadCheckpointMetadata(
                    data, StateBreakdown.class.getClassLoader(), chkDir.toAbsolutePath().toString());
        }
    }

    /** The breakdown of loaded metadata. */
    public static StateBreakdown of(CheckpointMetadata metadata) {
        List<OperatorStateSize> sizes = new ArrayList<>();
        for (OperatorState op : metadata.getOperatorStates()) {
            long keyed = 0;
            long rawKeyed = 0;
            long operator = 0;
            for (OperatorSubtaskState s : op.getStates()) {
                keyed += s.getManagedKeyedState().getStateSize();
                rawKeyed += s.getRawKeyedState().getStateSize();
                operator += s.getManagedOperatorState().getStateSize() + s.getRawOperatorState().getStateSize();
            }
            if (op.getCoordinatorState() != null) {
                operator += op.getCoordinatorState().getStateSize();
            }
            if (keyed + rawKeyed + operator > 0) {
                sizes.add(new OperatorStateSize(name(op), keyed, rawKeyed, operator,
                        Math.max(0, op.getCheckpointedSize())));
            }
        }
        return new StateBreakdown(metadata.getCheckpointId(), sizes);
    }

    static String name(OperatorState op) {
        return op.getOperatorUid().filter(u -> !u.isBlank())
                .or(() -> op.getOperatorName().filter(n -> !n.isBlank()))
                .orElse(op.getOperatorID().toHexString());
    }

    /**
     * The table {@code bench} prints: per operator, keyed / timer / operator bytes, the total,
     * bytes per subscriber and share of the checkpoint.
     */
    public String table(int subscribers) {
        StringBuilder b = new StringBuilder();
        String format = "%-28s %13s %11s %11s %13s %9s %7s%n";
        b.append(String.format(Locale.ROOT, format, "operator", "keyed B", "timers B", "operator B", "total B",
                "B/sub", "share"));
        long total = totalBytes();
        for (OperatorStateSize o : operators) {
            b.append(row(format, o.operator(), o.keyedBytes(), o.rawKeyedBytes(), o.operatorBytes(), o.totalBytes(),
                    subscribers, total));
        }
        long keyed = operators.stream().mapToLong(OperatorStateSize::keyedBytes).sum();
        long raw = operators.stream().mapToLong(OperatorStateSize::rawKeyedBytes).sum();
        long op = operators.stream().mapToLong(OperatorStateSize::operatorBytes).sum();
        b.append(row(format, "all (checkpoint " + checkpointId + ")", keyed, raw, op, total, subscribers, total));
        return b.toString();
    }

    private static String row(String format, String name, long keyed, long raw, long op, long total, int subscribers,
            long all) {
        return String.format(Locale.ROOT, format, name, String.format(Locale.ROOT, "%,d", keyed),
                String.format(Locale.ROOT, "%,d", raw), String.format(Locale.ROOT, "%,d", op),
                String.format(Locale.ROOT, "%,d", total),
                String.format(Locale.ROOT, "%.1f", total / (double) subscribers),
                all > 0 ? String.format(Locale.ROOT, "%.1f%%", 100.0 * total / all) : "-");
    }
}
