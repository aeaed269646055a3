package org.leaktrace.caller;

import java.util.Arrays;
import org.leaktrace.touch.CallerEvent;
import org.leaktrace.touch.ContactMemory;

/**
 * What the job remembers about one caller number: counters, a distinct-callee estimate, a
 * time-bounded Bloom filter of recent callees, pattern signals and what was last sent.
 *
 * <p>Every number that calls anyone has one, so it stays small: distinct callees are an exact
 * set of 32-bit hashes up to a limit, then a linear-counting bitmap; recent callees are two
 * generations of a Bloom filter, each covering one complaint window.
 */
public final class CallerState {
    /** Signal names, in bit order. */
    static final String[] SIGNALS = {
        "short_call_burst", "sequential_dialing", "complaint_after_call", SharedDeviceFunction.SIGNAL};

    /** Bit of the shared-device signal, which waives the minimum of calls. */
    static final int SHARED_DEVICE = 3;

    private static final long CALLEE_SEED = 0x9e3779b97f4a7c15L;
    /**
     * Bits of a callee's hash counted exactly: three bytes a callee in a checkpoint instead of four,
     * about 7 of a profile's bytes. Two of a caller's first {@code distinctExactLimit} callees share
     * a hash with odds of about 1 in 8,000 at 64 callees, 1 in 800,000 at the usual seven; the
     * bitmap's bit is the same as with the whole hash for a bitmap of a power of two bits.
     */
    static final int CALLEE_HASH_MASK = (1 << 24) - 1;
    private static final int RECENT_HASHES = 2;

    long firstSeenMs;
    long lastSeenMs;
    int calls;
    int answered;
    int shortCalls;
    int longCalls;
    int coldCalls;
    int serviceCalls;
    int reciprocations;
    int complaintsMatched;
    int complaintsUnmatched;
    int signals;
    int[] exactCallees = new int[0];
    long[] calleeBitmap;
    long[] recentCurrent;
    long[] recentPrevious;
    long recentStartMs;
    String lastImei;
    String lastCell;
    boolean risky;
    double emittedScore = -1;
    int emittedReasons;
    /** Cold contacts in the buffer, so that a caller with none never reads it. */
    int buffered;
    /**
     * Read from a version-1 profile, whose buffered contacts are in the older {@code cold-contacts}
     * list state; not stored: the next write moves them and writes the current version.
     */
    boolean contactsInLegacyList;

    /** A fresh state first seen at {@code timeMs}. */
    static CallerState firstSeen(long timeMs) {
        CallerState s = new CallerState();
        s.firstSeenMs = timeMs;
        s.lastSeenMs = timeMs;
        return s;
    }

    /** Counts a call or SMS from this caller. */
    void recordCall(CallerEvent call, CallerConfig config) {
        calls++;
        if (call.answered) {
            answered++;
        }
        if (config.isShort(call.answered, call.durationS)) {
            shortCalls++;
        } else if (call.durationS >= config.weights().longCallSeconds()) {
            longCalls++;
        }
        if (!call.priorContact) {
            coldCalls++;
        }
        if (call.inService) {
            serviceCalls++;
        }
        firstSeenMs = Math.min(firstSeenMs, call.timeMs);
        lastSeenMs = Math.max(lastSeenMs, call.timeMs);
        if (call.callerImei != null) {
            lastImei = call.callerImei;
        }
        if (call.cellId != null) {
            lastCell = call.cellId;
        }
        addDistinct(call.counterparty, config);
        addRecent(call.counterparty, call.timeMs, config);
    }

    /** Sets the bit of a named signal; unknown names are ignored. */
    void recordSignal(String name) {
        for (int i = 0; i < SIGNALS.length; i++) {
            if (SIGNALS[i].equals(name)) {
                signals |= 1 << i;
            }
        }
    }

    boolean hasSignal(int bit) {
        return (signals & (1 << bit)) != 0;
    }

    /** Estimated number of distinct callees. */
    long distinctCallees() {
        if (calleeBitmap == null) {
            return exactCallees.length;
        }
        int bits = calleeBitmap.length * 64;
        int set = 0;
        for (long word : calleeBitmap) {
            set += Long.bitCount(word);
        }
        int zeros = bits - set;
        double estimate = zeros == 0 ? bits * Math.log(bits) : -bits * Math.log((double) zeros / bits);
        return Math.round(estimate);
    }

    /**
     * Whether this caller called {@code number} within the complaint window before {@code timeMs}
     * (approximately: Bloom false positives, and up to two windows back).
     */
    boolean calledRecently(String number, long timeMs, CallerConfig config) {
        if (recentCurrent == null || lastSeenMs + config.complaintWindow().toMillis() < timeMs) {
            return false;
        }
        long h = ContactMemory.hash(CALLEE_SEED, number);
        return bloomContains(recentCurrent, h) || bloomContains(recentPrevious, h);
    }

    private void addDistinct(String number, CallerConfig config) {
        int h = (int) ContactMemory.hash(CALLEE_SEED, number) & CALLEE_HASH_MASK;
        if (calleeBitmap != null) {
            setBit(calleeBitmap, h);
            return;
        }
        for (int known : exactCallees) {
            if (known == h) {
                return;
            }
        }
        if (exactCallees.length < config.distinctExactLimit()) {
            exactCallees = Arrays.copyOf(exactCallees, exactCallees.length + 1);
            exactCallees[exactCallees.length - 1] = h;
            return;
        }
        calleeBitmap = new long[config.distinctBitmapBits() / 64];
        for (int known : exactCallees) {
            setBit(calleeBitmap, known);
        }
        setBit(calleeBitmap, h);
        exactCallees = new int[0];
    }

    private void addRecent(String number, long timeMs, CallerConfig config) {
        long window = config.complaintWindow().toMillis();
        int words = config.recentCalleeBits() / 64;
        if (recentCurrent == null || recentCurrent.length != words) {
            recentCurrent = new long[words];
            recentPrevious = new long[words];
            recentStartMs = timeMs;
        } else if (timeMs >= recentStartMs + 2 * window) {
            Arrays.fill(recentCurrent, 0L);
            Arrays.fill(recentPrevious, 0L);
            recentStartMs = timeMs;
        } else if (timeMs >= recentStartMs + window) {
            System.arraycopy(recentCurrent, 0, recentPrevious, 0, words);
            Arrays.fill(recentCurrent, 0L);
            recentStartMs += window;
        }
        long h = ContactMemory.hash(CALLEE_SEED, number);
        int bits = words * 64;
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < RECENT_HASHES; i++) {
            int bit = Math.floorMod(h1 + i * h2, bits);
            recentCurrent[bit >>> 6] |= 1L << (bit & 63);
        }
    }

    private static boolean bloomContains(long[] filter, long h) {
        int bits = filter.length * 64;
        int h1 = (int) h;
        int h2 = (int) (h >>> 32) | 1;
        for (int i = 0; i < RECENT_HASHES; i++) {
            int bit = Math.floorMod(h1 + i * h2, bits);
            if ((filter[bit >>> 6] & (1L << (bit & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    private static void setBit(long[] bitmap, int hash) {
        int bit = Math.floorMod(hash, bitmap.length * 64);
        bitmap[bit >>> 6] |= 1L << (bit & 63);
    }
}
