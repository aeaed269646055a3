package org.leaktrace.attribution;

/**
 * One victim of a campaign: its first call from the campaign and the touches that preceded it.
 * A Flink POJO (state value); the touch arrays are parallel.
 *
 * <p>The victim's number is job-internal state; it leaves the job only as a pseudonym.
 */
public class VictimState {
    public String victim;
    /** Order in which the campaign first saw the victim (0, 1, ...). */
    public int seq;
    public long firstCallMs;
    public String[] sources = new String[0];
    public long[] firstTouchMs = new long[0];
    public long[] lastTouchMs = new long[0];

    public VictimState() {}
}
