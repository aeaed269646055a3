package org.leaktrace.sim;

/**
 * One organization and its customers, kept as primitive arrays.
 *
 * <p>{@code customers} is sorted by subscriber id; {@code joinDay[i]} is -1 for a customer from
 * before the observed period (who touches the organization during the warm-up week) or the day
 * the customer first touches it. The first touch of a new customer is the moment they join, so a
 * leak taken at time t contains exactly the customers whose {@link #joinSecond} is before t.
 */
public final class Organization {

    final int index;
    final String orgId;
    final String name;
    final OrgCategory category;
    final boolean registered;
    /** Numbers (special parties): the first places and receives calls. */
    final int[] numbers;
    /** The 106 gateway the organization texts from, or 0 when it has none. */
    final int smsNumber;
    final boolean diseaseControl;
    final int[] customers;
    final int[] joinDay;
    final long touchKey;

    Organization(int index, String orgId, String name, OrgCategory category, boolean registered, int[] numbers,
            int smsNumber, boolean diseaseControl, int[] customers, int[] joinDay, long touchKey) {
        this.index = index;
        this.orgId = orgId;
        this.name = name;
        this.category = category;
        this.registered = registered;
        this.numbers = numbers;
        this.smsNumber = smsNumber;
        this.diseaseControl = diseaseControl;
        this.customers = customers;
        this.joinDay = joinDay;
        this.touchKey = touchKey;
    }

    public String orgId() {
        return orgId;
    }

    public int size() {
        return customers.length;
    }

    /** Main voice number: its hotline and the line it calls out from. */
    int voiceNumber() {
        return numbers[0];
    }

    /** Gap in days between touches of customer slot i. */
    int periodDays(int i) {
        long h = Rng.hash(touchKey, 1, customers[i]);
        return category.minPeriodDays + (int) ((h >>> 33) % (category.maxPeriodDays - category.minPeriodDays + 1));
    }

    /** Day of the first touch of customer slot i: the join day, or a day of the warm-up week. */
    int firstTouchDay(int i, int warmupDays) {
        if (joinDay[i] >= 0) {
            return joinDay[i];
        }
        long h = Rng.hash(touchKey, 2, customers[i]);
        return (int) ((h >>> 33) % warmupDays);
    }

    /** Second of day of a touch: business hours 08:00 to 20:00, fixed per (customer, day). */
    int touchSecondOfDay(int customer, int day) {
        long h = Rng.hash(touchKey, 3, customer, day);
        return 8 * 3600 + (int) ((h >>> 33) % (12 * 3600));
    }

    /** Seconds since world start of customer slot i's joining, or Long.MIN_VALUE if pre-existing. */
    long joinSecond(int i) {
        if (joinDay[i] < 0) {
            return Long.MIN_VALUE;
        }
        return joinDay[i] * 86_400L + touchSecondOfDay(customers[i], joinDay[i]);
    }

    /** Whether customer slot i touches the organization on the given day. */
    boolean touchesOn(int i, int day, int warmupDays) {
        int first = firstTouchDay(i, warmupDays);
        if (day < first) {
            return false;
        }
        return (day - first) % periodDays(i) == 0;
    }
}
