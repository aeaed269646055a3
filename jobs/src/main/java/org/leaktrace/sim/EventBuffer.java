package org.leaktrace.sim;

import java.util.Arrays;

/**
 * Calls and texts of one day as parallel primitive arrays, so a day of a large world costs about
 * 17 bytes per row instead of an object per row.
 */
final class EventBuffer {

    static final byte SMS = 1;
    static final byte ANSWERED = 2;

    int size;
    int[] time;
    int[] caller;
    int[] callee;
    int[] duration;
    byte[] flags;

    EventBuffer(int capacity) {
        int c = Math.max(16, capacity);
        time = new int[c];
        caller = new int[c];
        callee = new int[c];
        duration = new int[c];
        flags = new byte[c];
    }

    void add(int t, int from, int to, int seconds, boolean sms, boolean answered) {
        if (size == time.length) {
            int c = size + (size >> 1) + 16;
            time = Arrays.copyOf(time, c);
            caller = Arrays.copyOf(caller, c);
            callee = Arrays.copyOf(callee, c);
            duration = Arrays.copyOf(duration, c);
            flags = Arrays.copyOf(flags, c);
        }
        time[size] = t;
        caller[size] = from;
        callee[size] = to;
        duration[size] = sms || !answered ? 0 : seconds;
        flags[size] = (byte) ((sms ? SMS : 0) | (answered || sms ? ANSWERED : 0));
        size++;
    }

    boolean isSms(int i) {
        return (flags[i] & SMS) != 0;
    }

    boolean isAnswered(int i) {
        return (flags[i] & ANSWERED) != 0;
    }

    void clear() {
        size = 0;
    }
}
