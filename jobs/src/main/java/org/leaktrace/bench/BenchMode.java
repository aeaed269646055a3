package org.leaktrace.bench;

import java.util.Locale;

/**
 * What one bench run measures over a simulated world.
 *
 * <p>Every mode reads the same files, so each is reported as a ratio to {@link #FLOOR}: the cost
 * of reading and parsing the input with no detection at all.
 */
public enum BenchMode {
    /** Read and parse the CSV files (numbers normalized), discard the records: the floor. */
    FLOOR("floor"),
    /** The full replay pipeline, state on the heap. */
    REPLAY("replay"),
    /** The full replay pipeline, state in RocksDB (state beyond memory). */
    REPLAY_ROCKSDB("replay-rocksdb"),
    /** The exactly-once streaming job consuming the world from an embedded Kafka broker, heap state. */
    KAFKA("kafka"),
    /** Like {@link #KAFKA} with RocksDB state. */
    KAFKA_ROCKSDB("kafka-rocksdb"),
    /**
     * The replay with a checkpoint every {@code --kafka-checkpoint} ms, heap state: where the
     * checkpointed bytes are, per operator, in the largest checkpoint.
     */
    STATE("state"),
    /** Like {@link #STATE} with RocksDB state (incremental checkpoints). */
    STATE_ROCKSDB("state-rocksdb"),
    /** Ingest-to-alert latency: the world produced at a fixed rate into a running streaming job. */
    LATENCY("latency");

    private final String cliName;

    BenchMode(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether the mode runs with RocksDB state instead of heap state. */
    public boolean rocksDb() {
        return this == REPLAY_ROCKSDB || this == KAFKA_ROCKSDB || this == STATE_ROCKSDB;
    }

    /** Parses a {@code --modes} entry. */
    public static BenchMode fromCli(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (BenchMode m : values()) {
            if (m.cliName.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "' (floor, replay, replay-rocksdb, kafka,"
                + " kafka-rocksdb, state, state-rocksdb, latency)");
    }
}
