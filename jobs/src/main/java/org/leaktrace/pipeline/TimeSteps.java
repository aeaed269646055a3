package org.leaktrace.pipeline;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Arrays of times written as zigzag steps, from a base time or each from the one before, in
 * seconds when every step is a whole number of seconds.
 *
 * <p>State keeps times in milliseconds, but the times of call records are whole seconds: a step
 * of a month is 4 bytes in seconds and 6 in milliseconds. Whether a step divides is decided on
 * the step as written (a difference wraps when the times are far apart), so a serializer asks
 * {@link #inWholeSeconds} of each array it writes, writes one flag for all of them, and passes
 * the unit to {@link #write} and {@link #read}.
 */
public final class TimeSteps {
    /** The unit of a value written in seconds. */
    public static final long SECOND_MS = 1_000L;

    /** The flag byte's one bit: the values that follow are in seconds. */
    private static final int IN_SECONDS = 1;

    private TimeSteps() {}

    /** Whether a time, or a step between two as written, is a whole number of seconds. */
    public static boolean isWholeSeconds(long ms) {
        return ms % SECOND_MS == 0;
    }

    /** The unit of values written in seconds ({@link #SECOND_MS}) or in milliseconds (1). */
    public static long unit(boolean seconds) {
        return seconds ? SECOND_MS : 1;
    }

    /** Writes the flag byte that says whether the times that follow are in seconds; returns their unit. */
    public static long writeUnit(DataOutputView out, boolean seconds) throws IOException {
        out.writeByte(seconds ? IN_SECONDS : 0);
        return unit(seconds);
    }

    /** Reads a flag byte written by {@link #writeUnit}; returns the unit, or fails naming {@code what}. */
    public static long readUnit(DataInputView in, String what) throws IOException {
        int flags = in.readUnsignedByte();
        if ((flags & ~IN_SECONDS) != 0) {
            throw new IOException("unknown flags " + flags + " of " + what);
        }
        return unit(flags == IN_SECONDS);
    }

    /**
     * Whether every step of {@code times} is a whole number of seconds: from {@code fromMs} to
     * each time, or with {@code chained} from {@code fromMs} to the first and then from each time
     * to the next. A null array has none.
     */
    public static boolean inWholeSeconds(long fromMs, long[] times, boolean chained) {
        if (times == null) {
            return true;
        }
        long previous = fromMs;
        for (long t : times) {
            if (!isWholeSeconds(t - previous)) {
                return false;
            }
            if (chained) {
                previous = t;
            }
        }
        return true;
    }

    /** Writes {@code times} (or null) as its length and its steps in {@code unit} (1 or {@link #SECOND_MS}). */
    public static void write(DataOutputView out, long fromMs, long[] times, boolean chained, long unit, int max)
            throws IOException {
        if (times == null) {
            Varints.writeLength(out, -1, max);
            return;
        }
        Varints.writeLength(out, times.length, max);
        long previous = fromMs;
        for (long t : times) {
            Varints.writeSigned(out, (t - previous) / unit);
            if (chained) {
                previous = t;
            }
        }
    }

    /** Reads what {@link #write} wrote with the same base, chaining and unit. */
    public static long[] read(DataInputView in, long fromMs, boolean chained, long unit, int max) throws IOException {
        int n = Varints.readLength(in, max);
        if (n < 0) {
            return null;
        }
        long[] times = new long[n];
        long previous = fromMs;
        for (int i = 0; i < n; i++) {
            times[i] = previous + Varints.readSigned(in) * unit;
            if (chained) {
                previous = times[i];
            }
        }
        return times;
    }
}
