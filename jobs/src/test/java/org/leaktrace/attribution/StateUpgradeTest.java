package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.schema.internal.AttributionInput;

/**
 * The {@code campaign-attribution} operator restores the state earlier versions wrote, and goes
 * on as if it had never stopped.
 *
 * <p>Each file was written by {@link AttributionStateFiles} with that version checked out, half
 * way through its inputs. {@code 0da5696}: before {@code CallerRisk} had {@code shared_device}
 * (its risks, kept per caller and waiting for the watermark, are read with the field false).
 */
class StateUpgradeTest {
    @ParameterizedTest
    @ValueSource(strings = {"0da5696"})
    void theRestWorksOnFromAnEarlierVersionsStateAsFromOurOwn(String version) throws Exception {
        List<AttributionInput> inputs = AttributionStateFiles.inputs();
        List<AttributionInput> rest = inputs.subList(AttributionStateFiles.half(), inputs.size());

        var straight = CampaignAttributionFunctionTest.harness(null);
        CampaignAttributionFunctionTest.feed(straight, inputs.subList(0, AttributionStateFiles.half()));
        straight.getOutput().clear();
        int alertsBefore = CampaignAttributionFunctionTest.alerts(straight).size();
        CampaignAttributionFunctionTest.feed(straight, rest);
        List<LeakSuspicion> expected = CampaignAttributionFunctionTest.suspicions(straight);
        List<CallerAlert> alerts = CampaignAttributionFunctionTest.alerts(straight);
        List<CallerAlert> expectedAlerts = alerts.subList(alertsBefore, alerts.size());

        URL file = getClass().getResource("/state/campaign-attribution-" + version + ".bin");
        OperatorSubtaskState state = OperatorSnapshotUtil.readStateHandle(Path.of(file.toURI()).toString());
        var upgraded = CampaignAttributionFunctionTest.harness(state);
        CampaignAttributionFunctionTest.feed(upgraded, rest);

        assertFalse(expected.isEmpty(), "the second half updates the school's suspicion");
        assertFalse(expectedAlerts.isEmpty(), "the second half's numbers are alerted");
        assertEquals(latest(expected), latest(CampaignAttributionFunctionTest.suspicions(upgraded)));
        assertEquals(expectedAlerts, CampaignAttributionFunctionTest.alerts(upgraded));
    }

    /**
     * The last update of each suspicion, without its update count. When a suspicion is sent again
     * depends on when the version that ran the first half last sent it (its rules for updates,
     * not its state), so the updates in between and their count may differ; what the suspicion
     * says in the end may not.
     */
    private static Map<String, LeakSuspicion> latest(List<LeakSuspicion> suspicions) {
        Map<String, LeakSuspicion> latest = new TreeMap<>();
        for (LeakSuspicion s : suspicions) {
            latest.put(s.getSuspicionId(), LeakSuspicion.newBuilder(s).setUpdate(0).build());
        }
        return latest;
    }
}
