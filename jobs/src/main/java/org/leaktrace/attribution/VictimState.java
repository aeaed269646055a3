package org.leaktrace.attribution;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One victim of a campaign: its first call from the campaign and the touches that preceded it.
 * A state value, serialized by {@link VictimStateSerializer} (a new field goes there too, with a
 * test); the touch arrays are parallel.
 *
 * <p>The victim's number is job-internal state; it leaves the job only as a pseudonym.
 */
@TypeInfo(VictimStateSerializer.Factory.class)
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
