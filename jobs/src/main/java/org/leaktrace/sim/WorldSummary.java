package org.leaktrace.sim;

import java.nio.file.Path;

/**
 * What {@link WorldSimulator#write} produced.
 *
 * @param cdrRows        readable CDR rows (broken rows not included)
 * @param brokenRows     injected unreadable rows
 * @param complaints     complaint rows
 * @param organizationRows rows of organizations.csv (one per registered number)
 * @param organizations  organizations, registered or not
 * @param leaks          leaked lists
 * @param campaigns      campaigns
 * @param campaignEvents calls and texts made by all campaigns
 * @param lookalikes     look-alike numbers
 * @param outDir         where the four files are
 */
public record WorldSummary(long cdrRows, long brokenRows, long complaints, long organizationRows, int organizations,
        int leaks, int campaigns, long campaignEvents, int lookalikes, Path outDir) {

    @Override
    public String toString() {
        return String.format("world in %s: %,d CDR rows (+%d broken), %,d complaints, %d organizations (%d directory rows), "
                + "%d leaks, %d campaigns (%,d calls/texts), %d look-alike numbers", outDir, cdrRows, brokenRows,
                complaints, organizations, organizationRows, leaks, campaigns, campaignEvents, lookalikes);
    }
}
