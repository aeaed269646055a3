package org.leaktrace.bench;

import java.nio.file.Path;

/**
 * A simulated world on disk and what it holds.
 *
 * @param subscribers subscribers of the world
 * @param days days of traffic
 * @param seed simulation seed
 * @param cdrRows readable CDR rows
 * @param complaints complaint rows
 * @param campaigns campaigns in the world
 * @param campaignEvents calls and texts made by the campaigns
 * @param dir directory holding cdr.csv, complaints.csv, organizations.csv
 */
public record WorldInfo(
        int subscribers, int days, long seed, long cdrRows, long complaints, int campaigns, long campaignEvents,
        Path dir) {

    /** Short label for tables: subscribers, days and seed. */
    public String label() {
        return String.format(java.util.Locale.ROOT, "%,d×%dd s%d", subscribers, days, seed);
    }
}
