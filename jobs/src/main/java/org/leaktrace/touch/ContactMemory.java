package org.leaktrace.touch;

/**
 * A subscriber's approximate memory of who it called and who called it.
 *
 * <p>Two generations of a small Bloom filter: inserts go to the current one, lookups check
 * both, and when the current one has taken its capacity it becomes the previous one and a fresh
 * one starts. So the memory never saturates; it forgets the oldest contacts instead. Calling
 * out and being called are remembered under different hashes, because "the callee had called
 * this caller before" (acquaintance, callback) means more than "this caller had called before".
 */
public final class ContactMemory {
    /** The subscriber called or texted the number. */
    public static final long OUT = 0x5bd1e9955bd1e995L;
    /** The number called the subscriber and the call was answered. */
    public static final long IN = 0x27d4eb2f165667c5L;

    private final long[] current;
    private final long[] previous;
    private int currentCount;
    private final int hashes;

    public ContactMemory(int bits, int hashes) {
        this(new long[bits / 64], new long[bits / 64], 0, hashes);
    }

    ContactMemory(long[] current, long[] previous, int currentCount, int hashes) {
        this.current = current;
        this.previous = previous;
        this.currentCount = currentCount;
        this.hashes = hashes;
    }

    /** Whether {@code number} is remembered in {@code direction} (IN or OUT). */
    public boolean contains(long direction, String number) {
        long h = hash(direction, number);
        return contains(current, h) || contains(previous, h);
    }

    /** Remembers {@code number} in {@code direction}, rotating generations at {@code capacity}. */
    public void add(long direction, String number, int capacity) {
        long h = hash(direction, number);
        if (contains(current, h)) {
            return;
        }
        if (currentCount >= capacity) {
            System.arraycopy(current, 0, previous, 0, current.length);
            java.util.Arrays.fill(current, 0L);
            currentCount = 0;
        }
        int bits = current.length * 64;
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < hashes; i++) {
            int bit = Math.floorMod(h1 + i * h2, bits);
            current[bit >>> 6] |= 1L << (bit & 63);
        }
        currentCount++;
    }

    long[] current() {
        return current;
    }

    long[] previous() {
        return previous;
    }

    int currentCount() {
        return currentCount;
    }

    private boolean contains(long[] filter, long h) {
        int bits = filter.length * 64;
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < hashes; i++) {
            int bit = Math.floorMod(h1 + i * h2, bits);
            if ((filter[bit >>> 6] & (1L << (bit & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** A 64-bit hash of a number string (FNV-1a, then the MurmurHash3 finalizer), seeded. */
    public static long hash(long seed, String s) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
