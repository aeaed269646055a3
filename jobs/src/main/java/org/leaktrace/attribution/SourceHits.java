package org.leaktrace.attribution;

import java.util.List;

/**
 * The victims behind a source's hits, read only when a suspicion is emitted.
 *
 * @param victims in the order the campaign first saw them
 * @param firstTouchesMs the victims' first touches with the source, for dating the leak
 */
public record SourceHits(List<String> victims, long[] firstTouchesMs) {}
