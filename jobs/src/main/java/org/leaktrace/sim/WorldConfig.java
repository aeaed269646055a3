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
 * @param seed            every random choice derives from it: same seed, byte-identical files
 * @param subscribers     number of subscribers of the operator (at least 1,000)
 * @param days            length of the observed period (at least 1)
 * @param start           first day, local midnight in {@code zone}
 * @param zone            zone of the exported timestamps
 * @param brokenRows      unreadable rows to inject into cdr.csv (their lines go to truth.json)
 * @param disorderMinutes bound on how far a row may be written after a later-timed row
 */
public record WorldConfig(
        long seed,
        int subscribers,
        int days,
        LocalDate start,
        ZoneId zone,
        int brokenRows,
        int disorderMinutes) {

    public static final long DEFAULT_SEED = 1L;
    public static final int DEFAULT_SUBSCRIBERS = 20_000;
    public static final int DEFAULT_DAYS = 21;
    public static final LocalDate DEFAULT_START = LocalDate.of(2026, 1, 5);
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");
    public static final int DEFAULT_DISORDER_MINUTES = 5;

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
    }

    /** The demo world. */
    public static WorldConfig defaults() {
        return new WorldConfig(DEFAULT_SEED, DEFAULT_SUBSCRIBERS, DEFAULT_DAYS, DEFAULT_START, DEFAULT_ZONE,
                0, DEFAULT_DISORDER_MINUTES);
    }

    /**
     * Defaults overridden by flags given without their leading dashes: {@code seed},
     * {@code subscribers}, {@code days}, {@code start}, {@code zone}, {@code broken-rows},
     * {@code disorder-minutes}. Unknown keys are ignored so callers may pass their own flags along.
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
                            ? Integer.parseInt(flags.get("disorder-minutes")) : d.disorderMinutes());
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException)) {
                throw e;
            }
            throw new IllegalArgumentException("bad world flag: " + e.getMessage(), e);
        }
    }

    public WorldConfig withSeed(long newSeed) {
        return new WorldConfig(newSeed, subscribers, days, start, zone, brokenRows, disorderMinutes);
    }

    public WorldConfig withSize(int newSubscribers, int newDays) {
        return new WorldConfig(seed, newSubscribers, newDays, start, zone, brokenRows, disorderMinutes);
    }

    public WorldConfig withBrokenRows(int n) {
        return new WorldConfig(seed, subscribers, days, start, zone, n, disorderMinutes);
    }

    public WorldConfig withDisorderMinutes(int minutes) {
        return new WorldConfig(seed, subscribers, days, start, zone, brokenRows, minutes);
    }
}
