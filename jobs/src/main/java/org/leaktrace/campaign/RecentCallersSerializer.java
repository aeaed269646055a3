package org.leaktrace.campaign;

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
import org.leaktrace.pipeline.WrittenSerializer;
import org.leaktrace.pipeline.WrittenSnapshot;
import org.leaktrace.pipeline.WrittenTypeInfo;

/**
 * Flink serializer of {@link RecentCallers}, the callers campaign linking remembers per victim
 * and per cell.
 *
 * <p>Linking keeps the latest callers of every victim a campaign reached ({@code
 * victim-callers}), and in Flink's POJO form one caller took 34 bytes: null flags, the number
 * char by char, its time in 8 bytes. Here the numbers are {@link CompactBytes#writeText texts}
 * packed two digits a byte and the times steps from the one before (oldest first), in seconds
 * when every step is a whole second ({@link TimeSteps}): 16 bytes.
 *
 * <p>Layout 1: a flag byte (times in seconds), the callers as a varint of their count plus one (0
 * for null) and their texts, then the times the same way as zigzag steps, the first from 0. State
 * kept in the POJO form before reads with that form and is written on in this one ({@link
 * WrittenSnapshot}).
 */
public final class RecentCallersSerializer extends WrittenSerializer<RecentCallers> {
    private static final long serialVersionUID = 1L;
    public static final RecentCallersSerializer INSTANCE = new RecentCallersSerializer();
    /** Longest array read back: more is corrupt input, not a list capped at a few callers. */
    private static final int MAX_CALLERS = 1 << 20;

    /** Gives {@link RecentCallers} this serializer wherever Flink extracts its type. */
    public static final class Factory extends TypeInfoFactory<RecentCallers> {
        @Override
        public TypeInformation<RecentCallers> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new WrittenTypeInfo<>(RecentCallers.class, INSTANCE);
        }
    }

    /** Names the layout, and reads state written in the POJO form as well ({@link WrittenSnapshot}). */
    public static final class Snapshot extends WrittenSnapshot<RecentCallers> {
        public Snapshot() {
            super(INSTANCE);
        }
    }

    @Override
    public int layout() {
        return 1;
    }

    @Override
    public RecentCallers createInstance() {
        return new RecentCallers();
    }

    @Override
    public RecentCallers copy(RecentCallers from) {
        RecentCallers c = new RecentCallers();
        c.callers = from.callers == null ? null : from.callers.clone();
        c.timesMs = from.timesMs == null ? null : from.timesMs.clone();
        return c;
    }

    @Override
    public void serialize(RecentCallers c, DataOutputView out) throws IOException {
        boolean seconds = TimeSteps.inWholeSeconds(0, c.timesMs, true);
        long unit = TimeSteps.writeUnit(out, seconds);
        CompactBytes.writeTexts(out, c.callers, MAX_CALLERS);
        TimeSteps.write(out, 0, c.timesMs, true, unit, MAX_CALLERS);
    }

    @Override
    public RecentCallers deserialize(DataInputView in) throws IOException {
        long unit = TimeSteps.readUnit(in, "recent callers");
        RecentCallers c = new RecentCallers();
        c.callers = CompactBytes.readTexts(in, MAX_CALLERS);
        c.timesMs = TimeSteps.read(in, 0, true, unit, MAX_CALLERS);
        return c;
    }

    @Override
    public TypeSerializerSnapshot<RecentCallers> snapshotConfiguration() {
        return new Snapshot();
    }
}
