package org.leaktrace.pipeline;

import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;

/**
 * Snapshot of a hand-written record serializer that takes over state its type's POJO form wrote.
 *
 * <p>Checkpoints and savepoints taken before a type got its own serializer hold it in Flink's POJO
 * form: in the event-time orders' and the touchpoints' buffers, CEP's shared buffer and the caller
 * profile's pending complaints. Such state is read with the POJO serializer it was written with
 * and written on in the new form (compatible after migration); RocksDB rewrites it on restore.
 */
public class PojoFormSnapshot<T> extends SimpleTypeSerializerSnapshot<T> {
    public PojoFormSnapshot(Supplier<? extends TypeSerializer<T>> serializer) {
        super(serializer);
    }

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
        if (old instanceof PojoSerializerSnapshot && sameType(old)) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return super.resolveSchemaCompatibility(old);
    }

    private boolean sameType(TypeSerializerSnapshot<T> old) {
        Object theirs = old.restoreSerializer().createInstance();
        Object ours = restoreSerializer().createInstance();
        return theirs != null && ours != null && theirs.getClass() == ours.getClass();
    }
}
