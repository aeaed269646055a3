package org.leaktrace.attribution;

/**
 * A campaign's hits on one source, kept up to date as victims arrive. A Flink POJO (state
 * value), one per campaign×source with at least one hit.
 */
public class SourceCount {
    /** x: victims whose touch with the source precedes their first call. */
    public int hits;
    /** Hits that followed the victim's last touch with the source within the service window. */
    public int serviceLike;

    public SourceCount() {}
}
