package org.leaktrace.sim;

import java.util.Arrays;

/** Complaints of the whole period as primitive arrays; there are few compared with calls. */
final class ComplaintBuffer {

    int size;
    int[] time = new int[64];
    int[] reporter = new int[64];
    int[] reported = new int[64];
    byte[] category = new byte[64];
    short[] text = new short[64];

    void add(int t, int reporterParty, int reportedParty, ComplaintCategory cat, int textIndex) {
        if (size == time.length) {
            int c = size * 2;
            time = Arrays.copyOf(time, c);
            reporter = Arrays.copyOf(reporter, c);
            reported = Arrays.copyOf(reported, c);
            category = Arrays.copyOf(category, c);
            text = Arrays.copyOf(text, c);
        }
        time[size] = t;
        reporter[size] = reporterParty;
        reported[size] = reportedParty;
        category[size] = (byte) cat.ordinal();
        text[size] = (short) textIndex;
        size++;
    }

    /** Indices ordered by time, ties by insertion order, so the file is deterministic. */
    int[] order() {
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            keys[i] = ((long) time[i] << 32) | i;
        }
        Arrays.sort(keys);
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = (int) keys[i];
        }
        return idx;
    }
}
