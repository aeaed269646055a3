package org.leaktrace.pipeline;

import java.io.Serializable;
import java.util.Comparator;

/**
 * Orders events that share an event time by what they say, not by when they arrived.
 *
 * <p>Events of one time reach a keyed operator from several upstream subtasks in whatever order
 * the network delivers them, so an operator that acts on that order gives a replay whose
 * outcome depends on thread scheduling. Breaking ties by content makes it the same on every
 * run and at every parallelism. Serializable because operators carry it in the job graph.
 */
@FunctionalInterface
public interface EventTies<T> extends Comparator<T>, Serializable {
    /** Null first, then natural order: the fields tie orders compare may be unset. */
    static int compareNullable(String a, String b) {
        return Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(a, b);
    }
}
