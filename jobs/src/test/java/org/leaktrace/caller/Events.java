package org.leaktrace.caller;

import org.leaktrace.touch.CallBuilder;
import org.leaktrace.touch.CallerEvent;

/** Builders of caller-side events for tests. */
public final class Events {
    public static final long T0 = CallBuilder.T0.toEpochMilli();
    public static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private Events() {}

    public static CallerEvent call(String caller, String callee, long time, boolean answered, int durationS) {
        CallerEvent e = new CallerEvent();
        e.kind = CallerEvent.CALL;
        e.caller = caller;
        e.counterparty = callee;
        e.timeMs = time;
        e.recordId = "r-" + callee + "-" + time;
        e.answered = answered;
        e.durationS = answered ? durationS : 0;
        e.callerImei = "IMEI-" + caller.substring(caller.length() - 3);
        e.cellId = "CELL-1";
        e.touchSources = new String[] {"SCH-047"};
        e.touchFirstMs = new long[] {time - 30 * DAY};
        e.touchLastMs = new long[] {time - 30 * DAY};
        return e;
    }

    static CallerEvent prior(CallerEvent e) {
        e.priorContact = true;
        return e;
    }

    static CallerEvent service(CallerEvent e) {
        e.inService = true;
        e.touchLastMs[0] = e.timeMs - HOUR;
        return e;
    }

    static CallerEvent complaint(String reporter, String reported, long time) {
        CallerEvent e = new CallerEvent();
        e.kind = CallerEvent.COMPLAINT;
        e.caller = reported;
        e.counterparty = reporter;
        e.timeMs = time;
        e.recordId = "c-" + reporter + "-" + time;
        return e;
    }
}
