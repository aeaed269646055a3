package org.leaktrace.attribution;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.leaktrace.pipeline.CompactBytes;
import org.leaktrace.pipeline.TimeSteps;
import org.leaktrace.pipeline.Varints;
import org.leaktrace.pipeline.WrittenSerializer;
import org.leaktrace.pipeline.WrittenSnapshot;
import org.leaktrace.pipeline.WrittenTypeInfo;

/**
 * Flink serializer of {@link VictimState}, a campaign's victim in attribution's state.
 *
 * <p>Attribution keeps every victim of every campaign alive in its window, and in Flink's POJO
 * form a victim with two touches took about 100 bytes: a null flag per field and per source, the
 * number and each source char by char, every time in 8 bytes. Here the number and the sources are
 * {@link CompactBytes#writeText texts} packed two digits a byte, and the touches' times are steps
 * from the first call, in seconds when every one is a whole second (a call's are; {@link
 * TimeSteps}).
 *
 * <p>Layout 1: a flag byte (times in seconds), the victim, the order as a zigzag varint, the first
 * call's time, then each array as a varint of its length plus one (0 for null): the sources as
 * texts, the touches' first and last times as zigzag steps from the first call. State kept in
 * the POJO form before reads with that form and is written on in this one ({@link WrittenSnapshot}).
 */
public final class VictimStateSerializer extends WrittenSerializer<VictimState> {
    private static final long serialVersionUID = 1L;
    public static final VictimStateSerializer INSTANCE = new VictimStateSerializer();
    /** Longest array read back: more is corrupt input, not a victim's touches. */
    private static final int MAX_TOUCHES = 1 << 20;

    /** Gives {@link VictimState} this serializer wherever Flink extracts its type. */
    public static final class Factory extends TypeInfoFactory<VictimState> {
        @Override
        public TypeInformation<VictimState> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new WrittenTypeInfo<>(VictimState.class, INSTANCE);
        }
    }

    /** Names the layout, and reads state written in the POJO form as well ({@link WrittenSnapshot}). */
    public static final class Snapshot extends WrittenSnapshot<VictimState> {
        public Snapshot() {
            super(INSTANCE);
        }
    }

    @Override
    public int layout() {
        return 1;
    }

    @Override
    public VictimState createInstance() {
        return new VictimState();
    }

    @Override
    public VictimState copy(VictimState from) {
        VictimState v = new VictimState();
        v.victim = from.victim;
        v.seq = from.seq;
        v.firstCallMs = from.firstCallMs;
        v.sources = from.sources == null ? null : from.sources.clone();
        v.firstTouchMs = from.firstTouchMs == null ? null : from.firstTouchMs.clone();
        v.lastTouchMs = from.lastTouchMs == null ? null : from.lastTouchMs.clone();
        return v;
    }

    @Override
    public void serialize(VictimState v, DataOutputView out) throws IOException {
        boolean seconds = TimeSteps.isWholeSeconds(v.firstCallMs)
                && TimeSteps.inWholeSeconds(v.firstCallMs, v.firstTouchMs, false)
                && TimeSteps.inWholeSeconds(v.firstCallMs, v.lastTouchMs, false);
        long unit = TimeSteps.writeUnit(out, seconds);
        CompactBytes.writeText(out, v.victim);
        Varints.writeSigned(out, v.seq);
        Varints.writeSigned(out, v.firstCallMs / unit);
        CompactBytes.writeTexts(out, v.sources, MAX_TOUCHES);
        TimeSteps.write(out, v.firstCallMs, v.firstTouchMs, false, unit, MAX_TOUCHES);
        TimeSteps.write(out, v.firstCallMs, v.lastTouchMs, false, unit, MAX_TOUCHES);
    }

    @Override
    public VictimState deserialize(DataInputView in) throws IOException {
        long unit = TimeSteps.readUnit(in, "a victim");
        VictimState v = new VictimState();
        v.victim = CompactBytes.readText(in);
        long seq = Varints.readSigned(in);
        if (seq != (int) seq) {
            throw new IOException("victim order out of int range: " + seq);
        }
        v.seq = (int) seq;
        v.firstCallMs = Varints.readSigned(in) * unit;
        v.sources = CompactBytes.readTexts(in, MAX_TOUCHES);
        v.firstTouchMs = TimeSteps.read(in, v.firstCallMs, false, unit, MAX_TOUCHES);
        v.lastTouchMs = TimeSteps.read(in, v.firstCallMs, false, unit, MAX_TOUCHES);
        return v;
    }

    @Override
    public TypeSerializerSnapshot<VictimState> snapshotConfiguration() {
        return new Snapshot();
    }
}
