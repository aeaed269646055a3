package org.leaktrace.attribution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.VictimContact;

/**
 * Writes the {@code campaign-attribution} operator's state, as this version leaves it, to a file
 * that later versions must restore ({@code StateUpgradeTest}).
 *
 * <p>A platform team upgrades LeakTrace by stopping the job with a savepoint and starting the
 * new version from it. Every release that changes a state type adds a file written by the
 * release before it, so the upgrade is tested against real bytes, not against what the new code
 * thinks the old code wrote. Run with the old version checked out:
 * {@code mvn -pl jobs test -Dtest=AttributionStateFiles -Dleaktrace.state.write=<file>}.
 */
class AttributionStateFiles {
    /**
     * The school-list campaign (30 numbers of one SIM box, 10 calls each), each number's risk
     * (with the box's {@code shared_device} signal) before its first contact.
     */
    static List<AttributionInput> inputs() {
        SchoolListScenario scenario = SchoolListScenario.standard();
        List<AttributionInput> all = new ArrayList<>(scenario.sizes);
        Set<String> risky = new HashSet<>();
        for (AttributionInput input : scenario.contacts) {
            VictimContact c = input.getContact();
            if (risky.add(c.getCaller())) {
                all.add(Inputs.risk(c.getCaller(), c.getTimeMs(), c.getCallerImei(), 0.9,
                        List.of("short_call_burst", "shared_device")));
            }
            all.add(input);
        }
        return all;
    }

    /** The state is written after this many of {@link #inputs()}. */
    static int half() {
        return inputs().size() / 2;
    }

    @Test
    @EnabledIfSystemProperty(named = "leaktrace.state.write", matches = ".+")
    void write() throws Exception {
        var harness = CampaignAttributionFunctionTest.harness(null);
        CampaignAttributionFunctionTest.feed(harness, inputs().subList(0, half()));
        OperatorSubtaskState state = harness.snapshot(1L, 1L);
        harness.close();
        Path file = Path.of(System.getProperty("leaktrace.state.write"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        OperatorSnapshotUtil.writeStateHandle(state, file.toString());
    }
}
