package org.leaktrace.campaign;

/**
 * One campaign: the caller numbers judged to be one operation. A Flink POJO (state value).
 *
 * <p>Members are listed explicitly (quick-find rather than parent pointers) so that every
 * caller's campaign is one lookup and no chain of parents can be broken by state expiry.
 */
public class Campaign {
    public String id;
    /** The caller whose number named the campaign. */
    public String founder;
    public long foundedMs;
    /** Latest event time of any member's activity. */
    public long lastActiveMs;
    public String[] members = new String[0];
    /** Distinct victims its callers reached (approximate: counted when first linked to a victim). */
    public long victims;
    /** Two or more of its numbers were seen on one device (a SIM box): it links by IMEI only. */
    public boolean deviceGroup;
    /** IMEIs and cells this campaign's callers were seen with, to clean the indexes on expiry. */
    public String[] imeis = new String[0];
    public String[] cells = new String[0];

    public Campaign() {}

    Campaign(String id, String founder, long timeMs) {
        this.id = id;
        this.founder = founder;
        this.foundedMs = timeMs;
        this.lastActiveMs = timeMs;
        this.members = new String[] {founder};
    }

    public int size() {
        return members.length;
    }
}
