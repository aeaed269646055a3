package org.leaktrace.sim;

/** The contract's organization categories, with how often each touches its customers. */
public enum OrgCategory {
    SCHOOL(10, 30),
    PROPERTY_AGENCY(10, 35),
    HEALTHCARE(14, 40),
    COURIER(3, 12),
    HOTEL(20, 45),
    BANK(6, 20),
    INSURANCE(14, 40),
    RETAIL(8, 30);

    /** Shortest and longest gap, in days, between a customer's touches with the organization. */
    final int minPeriodDays;
    final int maxPeriodDays;

    OrgCategory(int minPeriodDays, int maxPeriodDays) {
        this.minPeriodDays = minPeriodDays;
        this.maxPeriodDays = maxPeriodDays;
    }
}
