package org.leaktrace.job;

import java.util.Locale;
import java.util.Map;

/**
 * The end-of-run counts every command prints: records read, dead letters, alerts written, time.
 *
 * @param recordsRead call records and complaints read successfully
 * @param deadLetters rows that could not be read
 * @param alertsWritten alert lines written (caller alerts and suspicion updates)
 * @param suspicionLines of which leak-suspicion lines
 * @param lateRecords records read behind the watermark (later than the out-of-orderness bound):
 *     processed, but event-time operators may have ignored them
 * @param seconds wall-clock seconds of the run
 */
public record RunSummary(
        long recordsRead, long deadLetters, long alertsWritten, long suspicionLines, long lateRecords, double seconds) {

    static RunSummary fromAccumulators(Map<String, Object> acc, double seconds) {
        return new RunSummary(
                count(acc, ReplayJob.RECORDS_READ),
                count(acc, ReplayJob.DEAD_LETTERS),
                count(acc, ReplayJob.ALERTS_WRITTEN),
                count(acc, ReplayJob.SUSPICIONS_WRITTEN),
                count(acc, ReplayJob.LATE_RECORDS),
                seconds);
    }

    private static long count(Map<String, Object> acc, String name) {
        Object v = acc.get(name);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    /** The one-line summary of the contract. */
    public String line() {
        return String.format(Locale.ROOT,
                "records read: %d, dead letters: %d, alerts written: %d (leak suspicion lines: %d), late records: %d,"
                        + " seconds: %.1f",
                recordsRead, deadLetters, alertsWritten, suspicionLines, lateRecords, seconds);
    }
}
