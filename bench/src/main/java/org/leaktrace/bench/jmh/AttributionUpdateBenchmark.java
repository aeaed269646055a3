package org.leaktrace.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.leaktrace.attribution.AttributionConfig;
import org.leaktrace.attribution.CampaignEvidence;
import org.leaktrace.attribution.CampaignSummaryState;
import org.leaktrace.attribution.SourceAssessment;
import org.leaktrace.attribution.SourceTally;
import org.leaktrace.attribution.SuspicionRules;
import org.leaktrace.schema.internal.Touch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The attribution update for one cold contact, as {@code CampaignAttributionFunction} does it:
 * load the campaign's summary, add the victim with its touches (which moves the counts of the
 * sources it touched), test the changed sources, store the summary again.
 *
 * <p>Parametrized by the victims the campaign already has, to show that the cost of one contact
 * does not grow with the campaign (up to {@code maxVictimsTracked}, 2,000 by default). Evidence is
 * in hash maps ({@link CampaignEvidence#inMemory}), as heap state keeps it, without Flink's state
 * table around them. Each invocation re-adds a known victim with an earlier call, which replaces
 * it, so the campaign keeps its size across invocations.
 */
public class AttributionUpdateBenchmark extends HotPathBenchmark {
    private static final int SOURCES = 30;
    private static final int TOUCHES_PER_VICTIM = 4;
    private static final long START_MS = 1_772_000_000_000L;

    @Param({"100", "1000", "2000"})
    public int victims;

    private final AttributionConfig config = AttributionConfig.defaults();
    private final SuspicionRules rules = new SuspicionRules(config);
    private CampaignEvidence evidence;
    private List<List<Touch>> touches;
    private long callMs;
    private int next;

    @Setup
    public void setUp() throws Exception {
        touches = new ArrayList<>();
        evidence = CampaignEvidence.inMemory(config.serviceWindow().toMillis(), config.minVictims());
        CampaignSummaryState campaign = evidence.loadOrCreate("cmp-bench");
        callMs = START_MS + 30L * 86_400_000L;
        for (int v = 0; v < victims; v++) {
            List<Touch> ts = new ArrayList<>();
            for (int t = 0; t < TOUCHES_PER_VICTIM; t++) {
                // Source 0 is the leak: every victim touched it; the rest spread evenly.
                String source = t == 0 ? "ORG-000" : String.format("ORG-%03d", 1 + (v * 7 + t * 13) % (SOURCES - 1));
                long first = START_MS + (v * 3_600_000L + t * 86_400_000L) % (20L * 86_400_000L);
                ts.add(Touch.newBuilder().setSource(source).setFirstMs(first).setLastMs(first + 3_600_000L).build());
            }
            touches.add(ts);
            evidence.addContact(campaign, victim(v), callMs, ts, config.maxVictimsTracked(),
                    config.maxTouchesPerVictim());
        }
        evidence.save(campaign);
    }

    private static String victim(int v) {
        return "+86139" + String.format("%08d", v);
    }

    @Benchmark
    public void addContact(Blackhole bh) throws Exception {
        int v = next;
        next = (next + 1) % victims;
        callMs--;
        CampaignSummaryState campaign = evidence.load("cmp-bench");
        Set<String> changed = evidence.addContact(campaign, victim(v), callMs, touches.get(v),
                config.maxVictimsTracked(), config.maxTouchesPerVictim());
        for (String source : changed) {
            SourceTally tally = evidence.tally(campaign, source);
            if (tally != null) {
                SourceAssessment a = rules.assess(tally, campaign.victims, campaign.candidates,
                        20_000L, 1_000_000L, false);
                bh.consume(a);
            }
        }
        evidence.save(campaign);
    }
}
