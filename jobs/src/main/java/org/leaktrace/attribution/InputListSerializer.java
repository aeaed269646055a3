package org.leaktrace.attribution;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.ListSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;
import org.apache.flink.formats.avro.typeutils.AvroSerializerSnapshot;
import org.leaktrace.pipeline.ByteText;
import org.leaktrace.pipeline.CompactBytes;
import org.leaktrace.pipeline.TimeSteps;
import org.leaktrace.pipeline.Varints;
import org.leaktrace.pipeline.WrittenSerializer;
import org.leaktrace.pipeline.WrittenSnapshot;
import org.leaktrace.pipeline.WrittenTypeInfo;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;
import org.leaktrace.schema.internal.CallerRisk;
import org.leaktrace.schema.internal.SourceSize;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;

/**
 * Flink serializer of the lists of attribution inputs kept in state: a fresh number's pooled early
 * contacts ({@link EarlyPool}) and the inputs waiting for the watermark, what they share written
 * once for the list.
 *
 * <p>The pool was the larger half of attribution's state: half of its bytes in a 7-day world, 77
 * B per subscriber at its peak. Its contacts, all of one number, were each written whole in Avro:
 * the input's kind and time, an empty record id, the caller again, the device and cell again, and
 * every touch's source and two absolute times. Here the list names its caller once; each contact
 * writes its time as a step from the one before, a device or cell equal to the previous
 * contact's as one bit, each touch's times as steps back from the contact, and a source already
 * named in the list as its index. Nothing is dropped: any list that Avro could write reads back
 * equal, and a field that differs from the shared value is written out.
 *
 * <p>Layout 1: a varint count, then the caller (of the first contact, or null), a dictionary that
 * grows as sources are met, and per input: a varint of flags, the kind, the time as a zigzag step,
 * then the contact, risk and size when present. A risk (in a pool only the latest contact carries
 * one) writes its caller, device and cell as bits where they are the list's and the contact's.
 * {@code InputListSerializerTest} pins the schemas written, so a field added to any of them needs
 * a new layout.
 *
 * <p>Layout 2, written since 2026-12-06: the same, but the flags are one byte, one of whose bits
 * says that every time step and offset of the input is a whole number of seconds and written in
 * seconds (a call's times are; a touch 200 days back takes 4 bytes instead of 6), and numbers, IMEIs,
 * cell ids and sources are {@link CompactBytes#writeText texts} packed two digits a byte. The pool
 * of fresh numbers' early contacts, kept for the 7-day link window, was the largest of
 * attribution's states in a running job (BENCHMARKS.md). Layout 1 is still read ({@link
 * #readerOf}), and restored state is written on in layout 2.
 *
 * <p>State written before in the list-of-Avro form is read with that serializer once and written
 * on in this one (compatible after migration).
 */
public class InputListSerializer extends WrittenSerializer<List<AttributionInput>> {
    private static final long serialVersionUID = 1L;
    public static final InputListSerializer INSTANCE = new InputListSerializer();
    /** Reads and writes layout 1, for state written before layout 2. */
    static final InputListSerializer LAYOUT_1 = new LayoutOne();

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final TypeInformation<List<AttributionInput>> TYPE =
            new WrittenTypeInfo<>((Class<List<AttributionInput>>) (Class) List.class, INSTANCE);

    private static final int CONTACT = 1;
    private static final int RISK = 1 << 1;
    private static final int SIZE = 1 << 2;
    /** The contact's caller is the list's. */
    private static final int SAME_CALLER = 1 << 3;
    /** The contact's IMEI is the previous contact's (or null when there is none before). */
    private static final int SAME_IMEI = 1 << 4;
    private static final int SAME_CELL = 1 << 5;
    private static final int ANSWERED = 1 << 6;
    /** Layout 2: the input's time steps and offsets are in seconds. */
    private static final int IN_SECONDS = 1 << 7;

    /** In a risk's own flags: its caller is the list's; its IMEI and cell are the contact's before it. */
    private static final int RISK_SAME_CALLER = 1;
    private static final int RISK_SAME_IMEI = 1 << 1;
    private static final int RISK_SAME_CELL = 1 << 2;
    private static final int RISK_SHARED_DEVICE = 1 << 3;
    private static final AttributionKind[] KINDS = AttributionKind.values();

    /** Names the layout, and takes over the list-of-Avro form the lists were kept in before. */
    public static final class Snapshot extends WrittenSnapshot<List<AttributionInput>> {
        public Snapshot() {
            super(INSTANCE);
        }

        private Snapshot(InputListSerializer serializer) {
            super(serializer);
        }

        @Override
        protected TypeSerializerSchemaCompatibility<List<AttributionInput>> resolveOther(
                TypeSerializerSnapshot<List<AttributionInput>> old) {
            if (old instanceof ListSerializerSnapshot<?> list
                    && list.getElementSerializerSnapshot() instanceof AvroSerializerSnapshot<?> avro
                    && readsAvroForm(avro)) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }

        /**
         * Whether elements written by an Avro serializer can be read into today's inputs: of this
         * class, and in a writer schema Avro resolves against today's. One it cannot resolve is
         * refused here, cleanly, rather than failing part-way through the migration.
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        static boolean readsAvroForm(AvroSerializerSnapshot<?> old) {
            return old.restoreSerializer() instanceof AvroSerializer<?> element
                    && AttributionInput.class.equals(element.getType())
                    && !new AvroSerializer<>(AttributionInput.class).snapshotConfiguration()
                            .resolveSchemaCompatibility((TypeSerializerSnapshot) old).isIncompatible();
        }
    }

    private final boolean compact;

    private InputListSerializer() {
        this(true);
    }

    private InputListSerializer(boolean compact) {
        this.compact = compact;
    }

    /** Layout 1: flags as a varint, texts as {@link ByteText}, times in milliseconds. */
    private static final class LayoutOne extends InputListSerializer {
        private static final long serialVersionUID = 1L;

        private LayoutOne() {
            super(false);
        }

        @Override
        public int layout() {
            return 1;
        }

        @Override
        public TypeSerializerSnapshot<List<AttributionInput>> snapshotConfiguration() {
            return new Snapshot(this);
        }
    }

    @Override
    public int layout() {
        return 2;
    }

    @Override
    public TypeSerializer<List<AttributionInput>> readerOf(int layout) {
        return layout == 1 ? LAYOUT_1 : null;
    }

    @Override
    public List<AttributionInput> createInstance() {
        return new ArrayList<>();
    }

    @Override
    public List<AttributionInput> copy(List<AttributionInput> from) {
        List<AttributionInput> copy = new ArrayList<>(from.size());
        for (AttributionInput input : from) {
            copy.add(input == null ? null : AttributionInput.newBuilder(input).build());
        }
        return copy;
    }

    @Override
    public void serialize(List<AttributionInput> inputs, DataOutputView out) throws IOException {
        Varints.writeUnsigned(out, inputs.size());
        if (inputs.isEmpty()) {
            return;
        }
        String caller = listCaller(inputs);
        writeText(out, caller);
        Map<String, Integer> sources = new HashMap<>();
        long time = 0;
        String imei = null;
        String cell = null;
        for (AttributionInput input : inputs) {
            VictimContact c = input.getContact();
            int flags = (c != null ? CONTACT : 0) | (input.getRisk() != null ? RISK : 0)
                    | (input.getSize() != null ? SIZE : 0);
            if (c != null) {
                flags |= (Objects.equals(caller, c.getCaller()) ? SAME_CALLER : 0)
                        | (Objects.equals(imei, c.getCallerImei()) ? SAME_IMEI : 0)
                        | (Objects.equals(cell, c.getCellId()) ? SAME_CELL : 0)
                        | (c.getAnswered() ? ANSWERED : 0);
            }
            if (compact) {
                flags |= inWholeSeconds(input, time) ? IN_SECONDS : 0;
                out.writeByte(flags);
            } else {
                Varints.writeUnsigned(out, flags);
            }
            long unit = TimeSteps.unit((flags & IN_SECONDS) != 0);
            out.writeByte(Objects.requireNonNull(input.getKind(), "an attribution input without a kind").ordinal());
            Varints.writeSigned(out, (input.getTimeMs() - time) / unit);
            time = input.getTimeMs();
            if (c != null) {
                writeContact(c, flags, input.getTimeMs(), unit, sources, out);
                imei = c.getCallerImei();
                cell = c.getCellId();
            }
            if (input.getRisk() != null) {
                writeRisk(input.getRisk(), caller, imei, cell, input.getTimeMs(), unit, out);
            }
            if (input.getSize() != null) {
                writeText(out, input.getSize().getSource());
                Varints.writeSigned(out, input.getSize().getDelta());
            }
        }
    }

    /**
     * Whether every time the input writes, each a step from {@code previousMs} or an offset from
     * its own time, is a whole number of seconds (differences as written, wrapping as they do).
     */
    private static boolean inWholeSeconds(AttributionInput input, long previousMs) {
        long timeMs = input.getTimeMs();
        if (!TimeSteps.isWholeSeconds(timeMs - previousMs)) {
            return false;
        }
        VictimContact c = input.getContact();
        if (c != null) {
            long contactMs = c.getTimeMs();
            if (!TimeSteps.isWholeSeconds(contactMs - timeMs)) {
                return false;
            }
            for (Touch t : c.getTouches()) {
                if (!TimeSteps.isWholeSeconds(contactMs - t.getFirstMs())
                        || !TimeSteps.isWholeSeconds(contactMs - t.getLastMs())) {
                    return false;
                }
            }
        }
        return input.getRisk() == null || TimeSteps.isWholeSeconds(timeMs - input.getRisk().getFirstSeenMs());
    }

    private void writeContact(VictimContact c, int flags, long timeMs, long unit, Map<String, Integer> sources,
            DataOutputView out) throws IOException {
        // Record ids stay in their own form: attribution keeps them empty, one byte there.
        ByteText.write(out, c.getRecordId());
        if ((flags & SAME_CALLER) == 0) {
            writeText(out, c.getCaller());
        }
        writeText(out, c.getVictim());
        Varints.writeSigned(out, (c.getTimeMs() - timeMs) / unit);
        Varints.writeSigned(out, c.getDurationS());
        if ((flags & SAME_IMEI) == 0) {
            writeText(out, c.getCallerImei());
        }
        if ((flags & SAME_CELL) == 0) {
            writeText(out, c.getCellId());
        }
        List<Touch> touches = c.getTouches();
        Varints.writeUnsigned(out, touches.size());
        for (Touch t : touches) {
            Integer known = sources.get(t.getSource());
            if (known != null) {
                Varints.writeUnsigned(out, known + 1L);
            } else {
                Varints.writeUnsigned(out, 0);
                writeText(out, t.getSource());
                sources.put(t.getSource(), sources.size());
            }
            Varints.writeSigned(out, (c.getTimeMs() - t.getFirstMs()) / unit);
            Varints.writeSigned(out, (c.getTimeMs() - t.getLastMs()) / unit);
        }
    }

    @Override
    public List<AttributionInput> deserialize(DataInputView in) throws IOException {
        int n = length(in);
        List<AttributionInput> inputs = new ArrayList<>(room(n));
        if (n == 0) {
            return inputs;
        }
        String caller = readText(in);
        List<String> sources = new ArrayList<>();
        long time = 0;
        String imei = null;
        String cell = null;
        for (int i = 0; i < n; i++) {
            int flags = compact ? in.readUnsignedByte() : (int) Varints.readUnsigned(in);
            long unit = TimeSteps.unit((flags & IN_SECONDS) != 0);
            int kind = in.readUnsignedByte();
            if (kind >= KINDS.length) {
                throw new IOException("unknown attribution kind " + kind);
            }
            time += Varints.readSigned(in) * unit;
            // Setters, not builders: a record reads back as it was written, unchecked.
            AttributionInput input = new AttributionInput();
            input.setKind(KINDS[kind]);
            input.setTimeMs(time);
            if ((flags & CONTACT) != 0) {
                VictimContact c = readContact(flags, time, unit, caller, imei, cell, sources, in);
                imei = c.getCallerImei();
                cell = c.getCellId();
                input.setContact(c);
            }
            if ((flags & RISK) != 0) {
                input.setRisk(readRisk(caller, imei, cell, time, unit, in));
            }
            if ((flags & SIZE) != 0) {
                input.setSize(new SourceSize(readText(in), Varints.readSigned(in)));
            }
            inputs.add(input);
        }
        return inputs;
    }

    private VictimContact readContact(int flags, long timeMs, long unit, String caller, String imei, String cell,
            List<String> sources, DataInputView in) throws IOException {
        VictimContact c = new VictimContact();
        c.setRecordId(ByteText.read(in));
        c.setCaller((flags & SAME_CALLER) != 0 ? caller : readText(in));
        c.setVictim(readText(in));
        long contactMs = timeMs + Varints.readSigned(in) * unit;
        c.setTimeMs(contactMs);
        c.setAnswered((flags & ANSWERED) != 0);
        c.setDurationS((int) Varints.readSigned(in));
        c.setCallerImei((flags & SAME_IMEI) != 0 ? imei : readText(in));
        c.setCellId((flags & SAME_CELL) != 0 ? cell : readText(in));
        int touches = length(in);
        List<Touch> read = new ArrayList<>(room(touches));
        for (int i = 0; i < touches; i++) {
            long ref = Varints.readUnsigned(in);
            String source;
            if (ref == 0) {
                source = readText(in);
                sources.add(source);
            } else if (ref <= sources.size()) {
                source = sources.get((int) ref - 1);
            } else {
                throw new IOException("source " + ref + " not yet named (" + sources.size() + " named)");
            }
            long first = contactMs - Varints.readSigned(in) * unit;
            long last = contactMs - Varints.readSigned(in) * unit;
            read.add(new Touch(source, first, last));
        }
        c.setTouches(read);
        return c;
    }

    /**
     * A caller's profile, with what it shares with the list (its caller) and with the contact it
     * came with (the device and cell) as bits, and its first sighting as a step back from the
     * input's time.
     */
    private void writeRisk(CallerRisk r, String caller, String imei, String cell, long timeMs, long unit,
            DataOutputView out) throws IOException {
        int flags = (Objects.equals(caller, r.getCaller()) ? RISK_SAME_CALLER : 0)
                | (Objects.equals(imei, r.getCallerImei()) ? RISK_SAME_IMEI : 0)
                | (Objects.equals(cell, r.getCellId()) ? RISK_SAME_CELL : 0)
                | (r.getSharedDevice() ? RISK_SHARED_DEVICE : 0);
        out.writeByte(flags);
        if ((flags & RISK_SAME_CALLER) == 0) {
            writeText(out, r.getCaller());
        }
        out.writeDouble(r.getScore());
        List<String> reasons = r.getReasons();
        Varints.writeUnsigned(out, reasons.size());
        for (String reason : reasons) {
            ByteText.write(out, reason);
        }
        Varints.writeSigned(out, (timeMs - r.getFirstSeenMs()) / unit);
        Varints.writeSigned(out, r.getCalls());
        Varints.writeSigned(out, r.getDistinctCallees());
        out.writeDouble(r.getAnswerRate());
        out.writeDouble(r.getShortCallShare());
        out.writeDouble(r.getColdShare());
        out.writeDouble(r.getReciprocity());
        Varints.writeSigned(out, r.getComplaints());
        if ((flags & RISK_SAME_IMEI) == 0) {
            writeText(out, r.getCallerImei());
        }
        if ((flags & RISK_SAME_CELL) == 0) {
            writeText(out, r.getCellId());
        }
    }

    private CallerRisk readRisk(String caller, String imei, String cell, long timeMs, long unit, DataInputView in)
            throws IOException {
        int flags = in.readUnsignedByte();
        CallerRisk r = new CallerRisk();
        r.setCaller((flags & RISK_SAME_CALLER) != 0 ? caller : readText(in));
        r.setScore(in.readDouble());
        int n = length(in);
        List<String> reasons = new ArrayList<>(room(n));
        for (int i = 0; i < n; i++) {
            reasons.add(ByteText.read(in));
        }
        r.setReasons(reasons);
        r.setFirstSeenMs(timeMs - Varints.readSigned(in) * unit);
        r.setCalls(Varints.readSigned(in));
        r.setDistinctCallees(Varints.readSigned(in));
        r.setAnswerRate(in.readDouble());
        r.setShortCallShare(in.readDouble());
        r.setColdShare(in.readDouble());
        r.setReciprocity(in.readDouble());
        r.setComplaints(Varints.readSigned(in));
        r.setCallerImei((flags & RISK_SAME_IMEI) != 0 ? imei : readText(in));
        r.setCellId((flags & RISK_SAME_CELL) != 0 ? cell : readText(in));
        r.setSharedDevice((flags & RISK_SHARED_DEVICE) != 0);
        return r;
    }

    /** A number, IMEI, cell id or source: packed in layout 2 ({@link CompactBytes#writeText}). */
    private void writeText(DataOutputView out, String s) throws IOException {
        if (compact) {
            CompactBytes.writeText(out, s);
        } else {
            ByteText.write(out, s);
        }
    }

    private String readText(DataInputView in) throws IOException {
        return compact ? CompactBytes.readText(in) : ByteText.read(in);
    }

    /** The caller most contacts share: the first contact's (a pool keeps one number's contacts). */
    private static String listCaller(List<AttributionInput> inputs) {
        for (AttributionInput input : inputs) {
            if (input.getContact() != null) {
                return input.getContact().getCaller();
            }
        }
        return null;
    }

    /**
     * A length as written: any an {@code int} holds, as Flink's list serializer allows. A corrupt
     * one runs out of bytes instead of allocating ({@link #room}).
     */
    private static int length(DataInputView in) throws IOException {
        return Varints.readCount(in, Integer.MAX_VALUE, "list length");
    }

    /** Room for a list read from bytes: at most what a few elements take until they are read. */
    private static int room(int n) {
        return Math.min(n, 16);
    }

    @Override
    public TypeSerializerSnapshot<List<AttributionInput>> snapshotConfiguration() {
        return new Snapshot();
    }
}
