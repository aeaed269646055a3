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
 * @param campaignSetting the campaign count the world was simulated with ({@code --campaigns}),
 *     or 0 when it has its own (automatic) count
 */
public record WorldInfo(
        int subscribers, int days, long seed, long cdrRows, long complaints, int campaigns, long campaignEvents,
        Path dir, int campaignSetting) {

    /** A world with its own (automatic) campaign count. */
    public WorldInfo(int subscribers, int days, long seed, long cdrRows, long complaints, int campaigns,
            long campaignEvents, Path dir) {
        this(subscribers, days, seed, cdrRows, complaints, campaigns, campaignEvents, dir, 0);
    }

    /**
     * Short label for tables: subscribers, days and seed, and the campaign setting when there is
     * one ({@code c40}), so worlds that differ only in campaigns are told apart.
     */
    public String label() {
        String base = String.format(java.util.Locale.ROOT, "%,d×%dd s%d", subscribers, days, seed);
        return campaignSetting == 0 ? base : base + " c" + campaignSetting;
    }

    /** Whether {@code other} is the same size, length and seed (campaigns aside). */
    boolean sameShape(WorldInfo other) {
        return subscribers == other.subscribers && days == other.days && seed == other.seed;
    }
}
