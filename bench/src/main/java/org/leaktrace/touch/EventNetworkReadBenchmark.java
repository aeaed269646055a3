package org.leaktrace.touch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.runtime.io.network.api.serialization.RecordDeserializer.DeserializationResult;
import org.apache.flink.runtime.io.network.api.serialization.SpillingAdaptiveSpanningRecordDeserializer;
import org.apache.flink.runtime.io.network.api.writer.RecordWriter;
import org.apache.flink.runtime.io.network.buffer.Buffer;
import org.apache.flink.runtime.io.network.buffer.NetworkBuffer;
import org.apache.flink.runtime.plugable.NonReusingDeserializationDelegate;
import org.apache.flink.runtime.plugable.SerializationDelegate;
import org.leaktrace.bench.jmh.HotPathBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Party events read from a network buffer as a keyed stage's task reads them: Flink's record
 * deserializer over an off-heap {@link NetworkBuffer}, the texts through its non-spanning wrapper.
 *
 * <p>{@code views=one}: only the network wrapper ever reads an event, as in a heap replay. {@code
 * views=three}: before measuring, events are also read from a byte array and from a stream, as
 * RocksDB reads records out of state, so the JIT sees several views where the texts are read.
 * In a RocksDB replay, reading texts byte by byte took three times the samples of a bulk copy;
 * this reproduces that outside Flink's job.
 */
public class EventNetworkReadBenchmark extends HotPathBenchmark {
    private static final long T0 = 1_772_000_000_000L;
    private static final int EVENTS = 1_000;

    @Param({"one", "three"})
    public String views;

    private MemorySegment records;
    private int length;
    private SpillingAdaptiveSpanningRecordDeserializer<NonReusingDeserializationDelegate<PartyEvent>> reader;
    private NonReusingDeserializationDelegate<PartyEvent> target;

    @Setup
    public void setUp() throws IOException {
        DataOutputSerializer framed = new DataOutputSerializer(64 * EVENTS);
        DataOutputSerializer scratch = new DataOutputSerializer(128);
        SerializationDelegate<PartyEvent> delegate = new SerializationDelegate<>(PartyEventSerializer.INSTANCE);
        for (int i = 0; i < EVENTS; i++) {
            delegate.setInstance(event(i));
            ByteBuffer record = RecordWriter.serializeRecord(scratch, delegate);
            framed.write(record.array(), record.position(), record.remaining());
        }
        // Off the heap, as the network's buffer pool allocates its segments.
        length = framed.length();
        records = MemorySegmentFactory.allocateUnpooledOffHeapMemory(length);
        records.put(0, framed.getSharedBuffer(), 0, length);
        reader = new SpillingAdaptiveSpanningRecordDeserializer<>(new String[] {System.getProperty("java.io.tmpdir")});
        target = new NonReusingDeserializationDelegate<>(PartyEventSerializer.INSTANCE);
        if ("three".equals(views)) {
            readThroughOtherViews();
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void partyEvents(Blackhole sink) throws IOException {
        // Recycling does nothing, so the one segment serves every invocation.
        Buffer buffer = new NetworkBuffer(records, segment -> {}, Buffer.DataType.DATA_BUFFER, length);
        reader.setNextBuffer(buffer);
        while (true) {
            DeserializationResult result = reader.getNextRecord(target);
            if (result.isFullRecord()) {
                sink.consume(target.getInstance());
            }
            if (result.isBufferConsumed()) {
                return;
            }
        }
    }

    /** Reads events from a byte array and a stream, as state backends do, until the JIT has seen them. */
    private static void readThroughOtherViews() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        PartyEventSerializer.INSTANCE.serialize(event(7), out);
        byte[] bytes = out.getCopyOfBuffer();
        DataInputDeserializer array = new DataInputDeserializer();
        for (int i = 0; i < 200_000; i++) {
            array.setBuffer(bytes);
            PartyEventSerializer.INSTANCE.deserialize(array);
            PartyEventSerializer.INSTANCE.deserialize(new DataInputViewStreamWrapper(new ByteArrayInputStream(bytes)));
        }
    }

    private static PartyEvent event(int i) {
        String caller = "+86133" + (58_213_632 + i);
        String callee = "+86138" + (138_000 + 7 * i);
        PartyEvent e = PartyEvent.touch(PartyEvent.CALLEE, callee, caller, T0 + 1_000L * i);
        e.recordId = "CDR-" + (100_000_000 + i);
        e.durationS = 12 + i % 50;
        e.answered = i % 3 != 0;
        e.callerImei = "3520501" + (15_648_833 + i);
        e.cellId = "460-00-4100-" + (100 + i % 40);
        return e;
    }
}
