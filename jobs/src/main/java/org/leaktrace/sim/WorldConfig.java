package org.leaktrace.sim;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

/**
 * Size and shape of one simulated operator world.
 *
 * <p>Defaults ({@link #defaults()}): seed 1, 20,000 subscribers, 21 days from 2026-01-05 in
 * Asia/Shanghai, no broken rows, 5 minutes of row disorder. That is the demo size: roughly a
 * million CDR rows, small enough to replay on a laptop, large enough for several leaks and a
 * dozen campaigns. Days are 86,400 s long from local midnight of {@code start}.
 *
 * <p>Campaigns. By default ({@code campaigns} 0) a world has about 3 + log2(subscribers / 5,000)
 * leaks (5-6 at 20,000 subscribers) and about 1.5 campaigns per leak (7-11 at 20,000), so
 * campaign counts hardly vary between worlds of one size. A positive {@code campaigns} asks for exactly that many instead, to measure cost as
 * campaigns grow at a fixed size: the world then gets {@code ceil(campaigns / 2)} leaks (at most
 * one per organization) and every campaign buys one or two of those lists, planned, dialled and
 * complained about exactly as the automatic ones are; a list is resold to at most
 * {@code max(3, ceil(campaigns / leaks))} campaigns. Everyday traffic does not change, so the
 * extra records are the campaigns' calls, texts, callbacks and complaints. Leaving it at 0 keeps
 * every existing world byte-identical to the simulator before the setting existed.
 *
 * @param seed            every random choice derives from it: same seed, byte-identical files
 * @param subscribers     number of subscribers of the operator (at least 1,000)
 * @param days            length of the observed period (at least 1)
 * @param start           first day, local midnight in {@code zone}
 * @param zone            zone of the exported timestamps
 * @param brokenRows      unreadable rows to inject into cdr.csv (their lines go to truth.json)
 * @param disorderMinutes bound on how far a row may be written after a later-timed row
 * @param campaigns       0 (default): the world's own campaign count; otherwise exactly this many
 *                        campaigns (1..1000), see above
 */
public record WorldConfig(
        long seed,
        int subscribers,
        int days,
        LocalDate start,
        ZoneId zone,
        int brokenRows,
        int disorderMinutes,
        int campaigns) {

    public static final long DEFAULT_SEED = 1L;
    public static final int DEFAULT_SUBSCRIBERS = 20_000;
    public static final int DEFAULT_DAYS = 21;
    public static final LocalDate DEFAULT_START = LocalDate.of(2026, 1, 5);
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    public static final int DEFAULT_DISORDER_MINUTES = 5;
    /** Campaign count meaning "the world's own": about 1.5 per leak. */
    public static final int AUTOMATIC_CAMPAIGNS = 0;
    public static final int MAX_CAMPAIGNS = 1_000;

    public WorldConfig {
        if (subscribers < 1_000) {
            throw new IllegalArgumentException("subscribers must be >= 1000, got " + subscribers);
        }
        if (subscribers > 50_000_000) {
            throw new IllegalArgumentException("subscribers must be <= 50000000, got " + subscribers);
        }
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("days must be in 1..366, got " + days);
        }
        if (brokenRows < 0) {
            throw new IllegalArgumentException("broken rows must be >= 0, got " + brokenRows);
        }
        if (disorderMinutes < 0 || disorderMinutes > 120) {
            throw new IllegalArgumentException("disorder minutes must be in 0..120, got " + disorderMinutes);
        }
        if (start == null || zone == null) {
            throw new IllegalArgumentException("start and zone are required");
        }
        if (campaigns < 0 || campaigns > MAX_CAMPAIGNS) {
            throw new IllegalArgumentException("campaigns must be in 0.." + MAX_CAMPAIGNS + " (0 = automatic), got "
                    + campaigns);
        }
    }

    /** A world with its own (automatic) campaign count. */
    public WorldConfig(long seed, int subscribers, int days, LocalDate start, ZoneId zone, int brokenRows,
            int disorderMinutes) {
        this(seed, subscribers, days, start, zone, brokenRows, disorderMinutes, AUTOMATIC_CAMPAIGNS);
    }

    /** Whether the campaign count was set rather than left to the world. */
    public boolean campaignsSet() {
        return campaigns != AUTOMATIC_CAMPAIGNS;
    }

    /** The demo world. */
    public static WorldConfig defaults() {
        return new WorldConfig(DEFAULT_SEED, DEFAULT_SUBSCRIBERS, DEFAULT_DAYS, DEFAULT_START, DEFAULT_ZONE,
                0, DEFAULT_DISORDER_MINUTES, AUTOMATIC_CAMPAIGNS);
    }

    /**
     * Defaults overridden by flags given without their leading dashes: {@code seed},
     * {@code subscribers}, {@code days}, {@code start}, {@code zone}, {@code broken-rows},
     * {@code disorder-minutes}, {@code campaigns}. Unknown keys are ignored so callers may pass their own flags along.
     *
     * @throws IllegalArgumentException when a value does not parse or is out of range
     */
    public static WorldConfig fromArgs(Map<String, String> flags) {
        WorldConfig d = defaults();
        try {
            return new WorldConfig(
                    flags.containsKey("seed") ? Long.parseLong(flags.get("seed")) : d.seed(),
                    flags.containsKey("subscribers") ? Integer.parseInt(flags.get("subscribers")) : d.subscribers(),
                    flags.containsKey("days") ? Integer.parseInt(flags.get("days")) : d.days(),
                    flags.containsKey("start") ? LocalDate.parse(flags.get("start")) : d.start(),
                    flags.containsKey("zone") ? ZoneId.of(flags.get("zone")) : d.zone(),
                    flags.containsKey("broken-rows") ? Integer.parseInt(flags.get("broken-rows")) : d.brokenRows(),
                    flags.containsKey("disorder-minutes")
                            ? Integer.parseInt(flags.get("disorder-minutes")) : d.disorderMinutes(),
                    flags.containsKey("campaigns") ? Integer.parseInt(flags.get("campaigns")) : d.campaigns());
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException)) {
                throw e;
            }
            throw new IllegalArgumentException("bad world flag: " + e.getMessage(), e);
        }
    }

    public WorldConfig withSeed(long newSeed) {
        return new WorldConfig(newSeed, subscribers, days, start, zone, brokenRows, disorderMinutes, campaigns);
    }

    public WorldConfig withSize(int newSubscribers, int newDays) {
        return new WorldConfig(seed, newSubscribers, newDays, start, zone, brokenRows, disorderMinutes, campaigns);
    }

    public WorldConfig withBrokenRows(int n) {
        return new WorldConfig(seed, subscribers, days, start, zone, n, disorderMinutes, campaigns);
    }

    public WorldConfig withDisorderMinutes(int minutes) {
        return new WorldConfig(seed, subscribers, days, start, zone, brokenRows, minutes, campaigns);
    }

    /** Exactly {@code n} campaigns (0: the world's own count); see the class comment. */
    public WorldConfig withCampaigns(int n) {
        return new WorldConfig(seed, subscribers, days, start, zone, brokenRows, disorderMinutes, n);
    }
}
