package org.leaktrace.caller;

import org.leaktrace.touch.CallerEvent;
import org.leaktrace.touch.ContactMemory;

/**
 * What the complaint-after-call pattern keeps of a cold call or a reported complaint: who was
 * called (or complained), by (or about) whom, and when, with both numbers as 64-bit hashes.
 *
 * <p>The pattern holds every cold call for the whole complaint window, so this event is as small
 * as the match allows: 27 bytes serialized for a call. Only a complaint carries the reported
 * number in clear, because the signal it raises names that caller.
 */
public final class ReportedPairEvent {
    private static final long CALLEE_SEED = 0x2545f4914f6cdd1dL;
    private static final long CALLER_SEED = 0x9e3779b97f4a7c15L;

    /** A complaint, else a cold call. */
    public boolean complaint;
    /** Hash of the callee, who is the reporter of a complaint: the pattern's key. */
    public long callee;
    /** Hash of the calling number, the reported one for a complaint. */
    public long caller;
    public long timeMs;
    /** The reported number in clear; null on calls. */
    public String reported;

    public ReportedPairEvent() {}

    /** A cold call or a complaint that names its reporter. */
    public static ReportedPairEvent of(CallerEvent e) {
        ReportedPairEvent r = new ReportedPairEvent();
        r.complaint = e.kind == CallerEvent.COMPLAINT;
        if (!r.complaint && e.kind != CallerEvent.CALL) {
            throw new IllegalArgumentException("not a call or a complaint: " + e);
        }
        if (e.counterparty == null || e.caller == null) {
            throw new IllegalArgumentException("a call or complaint without both numbers: " + e);
        }
        r.callee = ContactMemory.hash(CALLEE_SEED, e.counterparty);
        r.caller = ContactMemory.hash(CALLER_SEED, e.caller);
        r.timeMs = e.timeMs;
        r.reported = r.complaint ? e.caller : null;
        return r;
    }

    @Override
    public String toString() {
        return "ReportedPairEvent[" + (complaint ? "complaint about " + reported : "call") + " "
                + Long.toHexString(caller) + " -> " + Long.toHexString(callee) + " @" + timeMs + "]";
    }
}
