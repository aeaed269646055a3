package org.leaktrace.attribution;

/**
 * When a customer list was probably taken.
 *
 * @param earliestMs the latest first touch among the victims kept: the list cannot predate it
 *     (the campaign's first call when no victim's touch precedes it)
 * @param estimatedMs point estimate
 * @param latestMs upper bound (95%), never after the campaign's first call
 * @param used victims' touch times the estimate rests on
 * @param trimmed touches set aside: after the campaign's first call (customers first seen late),
 *     and late outliers (padding victims who became customers after the leak)
 */
public record LeakWindow(long earliestMs, long estimatedMs, long latestMs, int used, int trimmed) {}
