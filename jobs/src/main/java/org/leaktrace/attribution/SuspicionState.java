package org.leaktrace.attribution;

/**
 * What was last said about one (campaign, source) suspicion. A Flink POJO (state value).
 *
 * <p>The id is fixed at first detection and survives merges, so downstream stores overwrite one
 * record per suspicion.
 */
public class SuspicionState {
    public String source;
    public String suspicionId;
    public long firstDetectedMs;
    public long callsBeforeDetection;
    /** Emissions so far; the next record's {@code update}. */
    public int emissions;
    public long lastEmitMs;
    public int lastVictims;
    public double lastLog10P;
    /** Numbers the campaign had at the last emission; 0 in state written before it was kept. */
    public int lastCallers;

    public SuspicionState() {}

    /** A suspicion detected now, not yet emitted. */
    static SuspicionState detected(
            String suspicionId, String source, long timeMs, long callsBeforeDetection) {
        SuspicionState state = new SuspicionState();
        state.suspicionId = suspicionId;
        state.source = source;
        state.firstDetectedMs = timeMs;
        state.callsBeforeDetection = callsBeforeDetection;
        return state;
    }
}
