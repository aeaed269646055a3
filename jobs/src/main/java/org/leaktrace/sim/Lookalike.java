package org.leaktrace.sim;

/**
 * A legitimate (or at least list-less) caller that resembles a campaign and must never be blamed.
 *
 * @param party       its special number
 * @param kind        what it is
 * @param org         the organization it works for, or null
 * @param group       callers sharing a device share a group
 * @param dailyCalls  calls on an active day
 * @param answerRate  share of its calls that are answered
 * @param sequential  a dialer walking number ranges instead of picking at random
 * @param complaintRate chance an answered callee complains
 * @param firstDay    first active day
 */
record Lookalike(int party, Kind kind, Organization org, int group, int dailyCalls, double answerRate,
        boolean sequential, double complaintRate, int firstDay) {

    /** The three look-alike kinds of truth.json. */
    enum Kind { COURIER_DRIVER, CALL_CENTRE, RANDOM_DIALER }
}
