package org.leaktrace.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.leaktrace.job.AlertDelivery;

/**
 * Formats bench results as the plain-text tables {@code bench} prints (and BENCHMARKS.md quotes).
 *
 * <p>Pure formatting and arithmetic, so the figures the command prints are unit-tested.
 */
public final class BenchTable {
    static final String THROUGHPUT_HEADER = String.format(Locale.ROOT,
            "%-15s %-16s %9s %10s %8s %10s %10s %8s %8s %10s %7s %11s %5s",
            "mode", "world", "campaigns", "records", "seconds", "records/s", "rec/s/core", "µs/rec", "x floor",
            "rec/cpu-s", "alerts", "ckpt B/sub", "load");

    private BenchTable() {}

    /** One row per measurement, each compared with the floor of its own world. */
    public static String throughput(List<Measurement> runs) {
        StringBuilder b = new StringBuilder(THROUGHPUT_HEADER).append('\n');
        for (Measurement m : runs) {
            Measurement floor = floorOf(runs, m.world());
            b.append(String.format(Locale.ROOT, "%-15s %-16s %9d %10d %8.1f %10.0f %10.0f %8.1f %8s %10s %7d %11s %5s%n",
                    m.mode().cliName(), m.world().label(), m.world().campaigns(), m.records(), m.seconds(),
                    m.recordsPerSecond(), m.recordsPerSecondPerCore(), m.microsPerRecord(),
                    fixed(m.ratioTo(floor), 2), fixed(m.recordsPerCpuSecond(), 0), m.alerts(), fixed(m.stateBytesPerSubscriber(), 0),
                    m.load() < 0 ? "-" : fixed(m.load(), 1)));
        }
        return b.toString();
    }

    /**
     * How time per record grows with the world, per mode: each world against the first (smallest)
     * one, and the marginal cost between them (difference of seconds over difference of records,
     * which cancels fixed start-up cost). Worlds simulated with different campaign settings are
     * compared separately, so this table is growth in subscribers (and days) only.
     */
    public static String costGrowth(List<Measurement> runs) {
        Map<String, List<Measurement>> byMode = new LinkedHashMap<>();
        for (Measurement m : runs) {
            byMode.computeIfAbsent(m.mode().cliName() + "/" + m.world().campaignSetting(), k -> new ArrayList<>()).add(m);
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-15s %-16s %9s %10s %8s %10s %14s %14s%n",
                "mode", "world", "campaigns", "camp.calls", "µs/rec", "x subs", "x time/record", "marginal µs/rec"));
        for (Map.Entry<String, List<Measurement>> e : byMode.entrySet()) {
            List<Measurement> ms = new ArrayList<>(e.getValue());
            ms.sort(Comparator.comparingLong(Measurement::records));
            Measurement base = ms.get(0);
            for (Measurement m : ms) {
                b.append(String.format(Locale.ROOT, "%-15s %-16s %9d %10d %8.1f %10s %14s %14s%n",
                        m.mode().cliName(), m.world().label(), m.world().campaigns(), m.world().campaignEvents(),
                        m.microsPerRecord(),
                        fixed(m.world().subscribers() / (double) base.world().subscribers(), 2),
                        fixed(m.microsPerRecord() / base.microsPerRecord(), 2),
                        m == base ? "-" : fixed(marginalMicros(base, m), 1)));
            }
        }
        return b.toString();
    }

    /**
     * How cost grows with campaigns at a fixed size: per mode and world shape (subscribers, days,
     * seed), each campaign count against the smallest. {@code µs/camp.call} is the run's time over
     * the campaigns' calls and texts; the marginal columns divide the extra seconds by the extra
     * campaign calls and by the extra records (campaign calls, texts, callbacks and complaints are
     * all the extra records there are, everyday traffic being the same), which cancels the cost
     * the worlds share ({@code marg cpu-µs/c}: the same with this JVM's CPU time). A marginal cost per campaign call that stays put as campaigns grow means
     * cost linear in campaigns. Empty when no world was run with two campaign counts.
     */
    public static String campaignGrowth(List<Measurement> runs) {
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        for (Measurement m : runs) {
            WorldInfo w = m.world();
            groups.computeIfAbsent(m.mode().cliName() + "/" + w.subscribers() + "/" + w.days() + "/" + w.seed(),
                    k -> new ArrayList<>()).add(m);
        }
        StringBuilder b = new StringBuilder();
        for (List<Measurement> group : groups.values()) {
            List<Measurement> ms = new ArrayList<>(group);
            ms.sort(Comparator.comparingInt((Measurement m) -> m.world().campaigns())
                    .thenComparingLong(Measurement::records));
            if (ms.stream().map(m -> m.world().campaigns()).distinct().count() < 2) {
                continue;
            }
            Measurement base = ms.get(0);
            for (Measurement m : ms) {
                b.append(String.format(Locale.ROOT, "%-15s %-20s %9d %10d %10d %8.1f %7s %9s %12s %13s %13s %13s%n",
                        m.mode().cliName(), m.world().label(), m.world().campaigns(), m.world().campaignEvents(),
                        m.records(), m.microsPerRecord(),
                        fixed(m.world().campaigns() / (double) base.world().campaigns(), 2),
                        fixed(m.microsPerRecord() / base.microsPerRecord(), 2),
                        fixed(microsPerCampaignCall(m), 1),
                        m == base ? "-" : fixed(marginalMicrosPerCampaignCall(base, m), 1),
                        m == base ? "-" : fixed(marginalCpuMicrosPerCampaignCall(base, m), 1),
                        m == base ? "-" : fixed(marginalMicros(base, m), 1)));
            }
        }
        if (b.length() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%-15s %-20s %9s %10s %10s %8s %7s %9s %12s %13s %13s %13s%n",
                "mode", "world", "campaigns", "camp.calls", "records", "µs/rec", "x camps", "x time/rec",
                "µs/camp.call", "marg µs/call", "marg cpu-µs/c", "marg µs/rec") + b;
    }

    /** The run's time over the campaigns' calls and texts, in µs; NaN when the world has none. */
    static double microsPerCampaignCall(Measurement m) {
        long calls = m.world().campaignEvents();
        return calls == 0 ? Double.NaN : m.seconds() * 1e6 / calls;
    }

    /** Extra seconds per extra campaign call and text between two runs of a mode, in µs. */
    static double marginalMicrosPerCampaignCall(Measurement small, Measurement large) {
        long dc = large.world().campaignEvents() - small.world().campaignEvents();
        return dc == 0 ? Double.NaN : (large.seconds() - small.seconds()) * 1e6 / dc;
    }

    /**
     * Extra CPU time of this JVM per extra campaign call and text, in µs: on a shared machine less
     * swayed by other processes than wall clock. NaN when either run's CPU time is unknown.
     */
    static double marginalCpuMicrosPerCampaignCall(Measurement small, Measurement large) {
        long dc = large.world().campaignEvents() - small.world().campaignEvents();
        return dc == 0 || small.cpuSeconds() < 0 || large.cpuSeconds() < 0 ? Double.NaN
                : (large.cpuSeconds() - small.cpuSeconds()) * 1e6 / dc;
    }

    /** One line per latency run. */
    public static String latency(List<LatencyResult> runs) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%-16s %10s %-13s %8s %8s %7s %8s %8s %8s %8s %12s %11s%n",
                "world", "checkpoint", "delivery", "rate/s", "sent", "alerts", "samples", "p50 ms", "p99 ms",
                "max ms", "ckpt B/sub", "heap B/sub"));
        for (LatencyResult r : runs) {
            boolean any = r.latencies().count() > 0;
            b.append(String.format(Locale.ROOT, "%-16s %8dms %-13s %8.0f %8d %7d %8d %8s %8s %8s %12s %11s%n",
                    r.world().label(), r.checkpointMillis(), AlertDelivery.name(r.delivery()), r.ratePerSecond(),
                    r.recordsSent(), r.alertsSeen(),
                    r.matched(), any ? Long.toString(r.latencies().percentile(50)) : "-",
                    any ? Long.toString(r.latencies().percentile(99)) : "-",
                    any ? Long.toString(r.latencies().max()) : "-",
                    fixed(r.stateBytesPerSubscriber(), 0), fixed(r.heapBytesPerSubscriber(), 0)));
        }
        return b.toString();
    }

    /** Seconds per extra record between two runs of a mode, in µs; NaN when they read as many records. */
    static double marginalMicros(Measurement small, Measurement large) {
        long dr = large.records() - small.records();
        return dr == 0 ? Double.NaN : (large.seconds() - small.seconds()) * 1e6 / dr;
    }

    static Measurement floorOf(List<Measurement> runs, WorldInfo world) {
        return runs.stream().filter(r -> r.mode() == BenchMode.FLOOR && r.world().equals(world)).findFirst()
                .orElse(null);
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
