package org.leaktrace.bench;

import java.util.List;

/**
 * Everything one {@code bench} run measured.
 *
 * @param throughput one measurement per (mode, world)
 * @param latency one result per latency checkpoint interval and alert delivery (empty without the
 *     latency mode)
 * @param states per-operator checkpoint sizes, one per state-mode run (empty without them)
 */
public record BenchReport(List<Measurement> throughput, List<LatencyResult> latency, List<StateResult> states) {
    public BenchReport {
        throughput = List.copyOf(throughput);
        latency = List.copyOf(latency);
        states = List.copyOf(states);
    }

    /** A report without state breakdowns. */
    public BenchReport(List<Measurement> throughput, List<LatencyResult> latency) {
        this(throughput, latency, List.of());
    }

    /** The tables {@code bench} prints. */
    public String text() {
        StringBuilder b = new StringBuilder();
        if (!throughput.isEmpty()) {
            b.append("Throughput (seconds = the job's net runtime; x floor = time per record / the floor's, same world;"
                            + " rec/cpu-s = records per CPU-second of this JVM, less sensitive to a shared machine's load)\n")
                    .append(BenchTable.throughput(throughput)).append('\n')
                    .append("Cost growth (each world against the smallest of its mode; marginal = Δseconds/Δrecords)\n")
                    .append(BenchTable.costGrowth(throughput));
            String campaigns = BenchTable.campaignGrowth(throughput);
            if (!campaigns.isEmpty()) {
                b.append('\n')
                        .append("Cost growth against campaigns (same subscribers, days and seed; each campaign count"
                                + " against the smallest; marg = Δseconds or ΔCPU-seconds/Δcampaign calls, Δseconds/Δrecords)\n")
                        .append(campaigns);
            }
        }
        if (!latency.isEmpty()) {
            b.append('\n')
                    .append("Ingest-to-alert latency (alert seen read_committed − record handed to the"
                            + " producer); state from the largest checkpoint and the heap after GC\n")
                    .append(BenchTable.latency(latency));
        }
        if (!states.isEmpty()) {
            b.append('\n').append("State per operator in the largest checkpoint (sizes from its _metadata; keyed = managed"
                    + " keyed state incl. timers kept in the backend, timers = heap timers of a RocksDB backend,"
                    + " operator = operator/broadcast/union state)\n");
            for (StateResult s : states) {
                b.append(s.text());
            }
        }
        return b.toString();
    }
}
