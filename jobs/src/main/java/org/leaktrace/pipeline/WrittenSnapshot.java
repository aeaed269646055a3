package org.leaktrace.pipeline;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Snapshot of a {@link WrittenSerializer}: which byte layout the state was written in, and how to
 * take over state its type's POJO form wrote.
 *
 * <p>The layout number is what lets a later build tell old bytes from new ones: a serializer that
 * changes its layout gets a new number, and a restore of the old number fails as incompatible
 * unless the serializer names a reader of it ({@link WrittenSerializer#readerOf}); then the state
 * is read with that reader and written on in the new layout (compatible after migration).
 *
 * <p>Checkpoints and savepoints taken before a type got its own serializer hold it in Flink's POJO
 * form: in the event-time orders' and the touchpoints' buffers, CEP's shared buffer and the caller
 * profile's pending complaints. Flink's own POJO check decides whether the fields still match
 * ({@link PojoForm}); if they do, such state is read with the POJO serializer it was written with
 * and written on in the new form (compatible after migration), which RocksDB does at the restore.
 */
public abstract class WrittenSnapshot<T> implements TypeSerializerSnapshot<T> {
    /** Version of this snapshot's own bytes (the layout number). */
    private static final int VERSION = 1;

    private final WrittenSerializer<T> serializer;
    /** The class of snapshot whose serializer's state this one reads and writes on, or null. */
    private final Class<?> takesOver;
    private int layout;

    protected WrittenSnapshot(WrittenSerializer<T> serializer) {
        this(serializer, null);
    }

    /**
     * A snapshot that also takes over state a serializer of another kind wrote, the kind whose
     * snapshots are {@code takesOver}'s (Flink's serializer of the same type, say), by migration:
     * read with the serializer it was written with, written on with this one.
     */
    protected WrittenSnapshot(WrittenSerializer<T> serializer, Class<?> takesOver) {
        this.serializer = serializer;
        this.takesOver = takesOver;
        this.layout = serializer.layout();
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeInt(layout);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("unknown snapshot version " + readVersion + " of " + getClass().getName());
        }
        layout = in.readInt();
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
        if (layout == serializer.layout()) {
            return serializer;
        }
        TypeSerializer<T> reader = serializer.readerOf(layout);
        if (reader == null) {
            throw new IllegalStateException(serializer.getClass().getSimpleName() + " state in layout " + layout
                    + "; this build reads layout " + serializer.layout() + " only");
        }
        return reader;
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
        if (old instanceof WrittenSnapshot<T> written && old.getClass() == getClass()) {
            if (written.layout == serializer.layout()) {
                return TypeSerializerSchemaCompatibility.compatibleAsIs();
            }
            return serializer.readerOf(written.layout) != null
                    ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
        if (old instanceof PojoSerializerSnapshot) {
            TypeSerializerSchemaCompatibility<T> fields =
                    PojoForm.<T>serializer(serializer.createInstance().getClass())
                            .snapshotConfiguration().resolveSchemaCompatibility(old);
            return fields.isIncompatible()
                    ? TypeSerializerSchemaCompatibility.incompatible()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return resolveOther(old);
    }

    /**
     * Whether state written by another kind of serializer can be taken over: by migration if its
     * snapshot is of the class given as taken over, else not. A type that Flink kept in another
     * form before (not a POJO) may say here which forms it reads, with the serializer that
     * form's snapshot restores.
     */
    protected TypeSerializerSchemaCompatibility<T> resolveOther(TypeSerializerSnapshot<T> old) {
        return takesOver != null && takesOver.isInstance(old)
                ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
    }
}
