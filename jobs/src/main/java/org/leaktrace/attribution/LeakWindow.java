package org.leaktrace.attribution;

/**
 * When a customer list was probably taken.
 *
 * @param earliestMs the latest first touch among the victims kept: the list cannot predate it
 * @param estimatedMs point estimate
 * @param latestMs upper bound (95%), never after the campaign's first call
 * @param used victims' touch times the estimate rests on
 * @param trimmed late outliers set aside (padding victims who became customers after the leak)
 */
public record LeakWindow(long earliestMs, long estimatedMs, long latestMs, int used, int trimmed) {}
