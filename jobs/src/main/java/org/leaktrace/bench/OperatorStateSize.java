package org.leaktrace.bench;

/**
 * Checkpointed bytes of one operator in one checkpoint, summed over its subtasks.
 *
 * <p>Sizes are those the checkpoint's metadata records for each state handle: the full state
 * each handle stands for, so with incremental RocksDB checkpoints they include files uploaded by
 * earlier checkpoints and still referenced ({@code newBytes} is only what this checkpoint wrote).
 *
 * @param operator the operator's uid, else its name, else its operator id (from the metadata)
 * @param keyedBytes managed keyed state: every per-key value, map and list, CEP's NFA states and
 *     shared buffers, and the timers when they live in the state backend (heap backend, or
 *     RocksDB with RocksDB timers)
 * @param rawKeyedBytes raw keyed state: heap timers written by a RocksDB backend
 * @param operatorBytes operator state, managed and raw: source splits, union list state (e.g. the
 *     touchpoint reorder buffer), broadcast state
 * @param newBytes bytes this checkpoint wrote for the operator (equal to the sum of the others
 *     for full snapshots)
 */
public record OperatorStateSize(String operator, long keyedBytes, long rawKeyedBytes, long operatorBytes,
        long newBytes) {

    public OperatorStateSize {
        if (keyedBytes < 0 || rawKeyedBytes < 0 || operatorBytes < 0 || newBytes < 0) {
            throw new IllegalArgumentException("sizes must be >= 0");
        }
    }

    /** Everything the operator holds in this checkpoint. */
    public long totalBytes() {
        return keyedBytes + rawKeyedBytes + operatorBytes;
    }
}
