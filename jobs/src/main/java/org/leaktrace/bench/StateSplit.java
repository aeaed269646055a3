package org.leaktrace.bench;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot.CommonSerializerKeys;

/**
 * Where a heap checkpoint's keyed bytes are, state by state.
 *
 * <p>The metadata ({@link StateBreakdown}) sizes operators, but one operator holds several states
 * (the caller profile: the profile and the buffer of cold contacts), and which of them grows
 * decides what to shrink. A heap backend's full snapshot writes its serializers first, then, key
 * group after key group, every state in turn: its id, its entry count, and each entry's
 * namespace, key and value. Reading the entries back with the serializers the snapshot names
 * gives each state's bytes exactly; what is left of the operator's file (the serializers, the
 * key-group ids) is {@link #OVERHEAD}. RocksDB's incremental checkpoints are SST files and are
 * not split.
 *
 * @param checkpointId the checkpoint's id
 * @param states every state of every operator with keyed state, largest first
 */
public record StateSplit(long checkpointId, List<StateSize> states) {
    /** The pseudo-state that counts an operator's serializers and key-group ids. */
    public static final String OVERHEAD = "(serializers, key groups)";

    /**
     * One state's share.
     *
     * @param operator the operator's uid
     * @param state the state's name ({@link #OVERHEAD} for the rest of the operator's bytes)
     * @param bytes bytes its entries take, ids and counts included
     * @param entries entries (keys, or timers for a timer queue)
     */
    public record StateSize(String operator, String state, long bytes, long entries) {}

    public StateSplit {
        states = states.stream()
                .sorted(Comparator.comparingLong(StateSize::bytes).reversed()
                        .thenComparing(StateSize::operator).thenComparing(StateSize::state))
                .toList();
    }

    /** All keyed bytes split. */
    public long totalBytes() {
        return states.stream().mapToLong(StateSize::bytes).sum();
    }

    /** The bytes of {@code operator}'s states, overhead included. */
    public long operatorBytes(String operator) {
        return states.stream().filter(s -> s.operator().equals(operator)).mapToLong(StateSize::bytes).sum();
    }

    /**
     * Reads {@code chkDir}: its {@code _metadata} and the state files beside it ({@link
     * StateBreakdown#loadMetadata}).
     */
    public static StateSplit read(Path chkDir) throws IOException {
        CheckpointMetadata metadata = StateBreakdown.loadMetadata(chkDir);
        ClassLoader loader = StateSplit.class.getClassLoader();
        Map<List<String>, long[]> sizes = new LinkedHashMap<>();
        for (OperatorState op : metadata.getOperatorStates()) {
            String operator = StateBreakdown.name(op);
            for (OperatorSubtaskState subtask : op.getStates()) {
                for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                    if (!(handle instanceof KeyGroupsStateHandle keyGroups)) {
                        throw new IOException(operator + ": not a heap backend's full snapshot but a "
                                + handle.getClass().getSimpleName());
                    }
                    readHandle(operator, keyGroups, loader, sizes);
                }
            }
        }
        List<StateSize> states = new ArrayList<>();
        sizes.forEach((k, v) -> states.add(new StateSize(k.get(0), k.get(1), v[0], v[1])));
        return new StateSplit(metadata.getCheckpointId(), states);
    }

    @SuppressWarnings("unchecked")
    private static void readHandle(String operator, KeyGroupsStateHandle handle, ClassLoader loader,
            Map<List<String>, long[]> sizes) throws IOException {
        try (CountingStream in = new CountingStream(new BufferedInputStream(handle.openInputStream(), 1 << 16))) {
            DataInputViewStreamWrapper view = new DataInputViewStreamWrapper(in);
            KeyedBackendSerializationProxy<Object> proxy = new KeyedBackendSerializationProxy<>(loader);
            proxy.read(view);
            if (proxy.isUsingKeyGroupCompression()) {
                throw new IOException(operator + ": compressed snapshots are not split");
            }
            TypeSerializer<Object> keys = proxy.getKeySerializerSnapshot().restoreSerializer();
            List<StateMetaInfoSnapshot> metas = proxy.getStateMetaInfoSnapshots();
            List<TypeSerializer<Object>> namespaces = new ArrayList<>();
            List<TypeSerializer<Object>> values = new ArrayList<>();
            for (StateMetaInfoSnapshot meta : metas) {
                namespaces.add(meta.getBackendStateType() == StateMetaInfoSnapshot.BackendStateType.PRIORITY_QUEUE
                        ? null
                        : (TypeSerializer<Object>) meta.getTypeSerializerSnapshot(
                                CommonSerializerKeys.NAMESPACE_SERIALIZER).restoreSerializer());
                values.add((TypeSerializer<Object>) meta.getTypeSerializerSnapshot(
                        CommonSerializerKeys.VALUE_SERIALIZER).restoreSerializer());
            }
            long split = 0;
            for (Tuple2<Integer, Long> group : handle.getGroupRangeOffsets()) {
                if (in.position != group.f1) {
                    throw new IOException(operator + ": key group " + group.f0 + " at byte " + group.f1
                            + ", expected at " + in.position);
                }
                view.readInt();
                for (int i = 0; i < metas.size(); i++) {
                    long start = in.position;
                    int id = view.readShort();
                    int count = view.readInt();
                    for (int e = 0; e < count; e++) {
                        if (namespaces.get(id) != null) {
                            namespaces.get(id).deserialize(view);
                            keys.deserialize(view);
                        }
                        values.get(id).deserialize(view);
                    }
                    long[] size = sizes.computeIfAbsent(List.of(operator, metas.get(id).getName()), k -> new long[2]);
                    size[0] += in.position - start;
                    size[1] += count;
                    split += in.position - start;
                }
            }
            sizes.computeIfAbsent(List.of(operator, OVERHEAD), k -> new long[2])[0] += handle.getStateSize() - split;
        }
    }

    /**
     * The table {@code bench} prints: per state, bytes, entries, bytes per subscriber and per
     * entry, and share; states of fewer than {@code minBytes} are summed in one line.
     */
    public String table(int subscribers, long minBytes) {
        StringBuilder b = new StringBuilder();
        String format = "%-28s %-28s %13s %11s %8s %9s %7s%n";
        b.append(String.format(Locale.ROOT, format, "operator", "state", "bytes", "entries", "B/sub", "B/entry",
                "share"));
        long total = totalBytes();
        long small = 0;
        int smallStates = 0;
        for (StateSize s : states) {
            if (s.bytes() < minBytes) {
                small += s.bytes();
                smallStates++;
                continue;
            }
            b.append(String.format(Locale.ROOT, format, s.operator(), s.state(),
                    String.format(Locale.ROOT, "%,d", s.bytes()), String.format(Locale.ROOT, "%,d", s.entries()),
                    String.format(Locale.ROOT, "%.1f", s.bytes() / (double) subscribers),
                    s.entries() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", s.bytes() / (double) s.entries()),
                    share(s.bytes(), total)));
        }
        if (smallStates > 0) {
            b.append(String.format(Locale.ROOT, format, "(" + smallStates + " smaller states)", "",
                    String.format(Locale.ROOT, "%,d", small), "", String.format(Locale.ROOT, "%.1f",
                            small / (double) subscribers), "", share(small, total)));
        }
        b.append(String.format(Locale.ROOT, format, "all keyed (checkpoint " + checkpointId + ")", "",
                String.format(Locale.ROOT, "%,d", total), "", String.format(Locale.ROOT, "%.1f",
                        total / (double) subscribers), "", share(total, total)));
        return b.toString();
    }

    private static String share(long bytes, long total) {
        return total > 0 ? String.format(Locale.ROOT, "%.1f%%", 100.0 * bytes / total) : "-";
    }

    /** Counts the bytes read, so that each state's section is measured without seeking. */
    private static final class CountingStream extends FilterInputStream {
        long position;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            position += skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
