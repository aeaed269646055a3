package org.leaktrace.sim;

/**
 * One stolen customer list: every customer of {@code source} who joined before {@code leakSecond}.
 *
 * @param leakId     e.g. {@code LEAK-01}
 * @param source     the organization whose list was taken
 * @param leakSecond seconds since world start
 * @param list       subscriber ids on the list, sorted
 */
record Leak(String leakId, Organization source, int leakSecond, int[] list) {
}
