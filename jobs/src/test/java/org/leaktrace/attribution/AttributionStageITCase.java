package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.schema.Organization;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.sink.Pseudonymizer;

class AttributionStageITCase {

    @Test
    void attributesTheSchoolListOnACluster() throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // A local MiniCluster: MiniClusterExtension needs JUnit 4 on the classpath, which the
        // build excludes.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);

        SchoolListScenario scenario = SchoolListScenario.standard();
        List<AttributionInput> inputs = new ArrayList<>(scenario.all());
        inputs.add(Inputs.risk(scenario.callers.get(5), SchoolListScenario.FIRST_CALL,
                "IMEI-BOX-1", 0.95));
        DataStream<AttributionInput> input = env
                .fromData(inputs, new AvroTypeInfo<>(AttributionInput.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy
                        .<AttributionInput>forBoundedOutOfOrderness(Duration.ofMinutes(5))
                        .withTimestampAssigner((e, ts) -> e.getTimeMs()));
        DataStream<Organization> directory = env.fromData(
                List.of(SchoolListScenario.org("HOS-001", "Harbour Clinic", "HEALTHCARE",
                        "+862160001111")),
                new AvroTypeInfo<>(Organization.class));

        AttributionOutputs outputs = AttributionStage.build(input, directory,
                SchoolListScenario.directory(), AttributionConfig.defaults(),
                Pseudonymizer.fromSecret("it-key-0123456789abcdef"));
        CloseableIterator<LeakSuspicion> suspicionIt = outputs.suspicions().collectAsync();
        CloseableIterator<CallerAlert> alertIt = outputs.callerAlerts().collectAsync();
        env.execute("attribution-it");

        List<LeakSuspicion> suspicions = new ArrayList<>();
        suspicionIt.forEachRemaining(suspicions::add);
        List<CallerAlert> alerts = new ArrayList<>();
        alertIt.forEachRemaining(alerts::add);

        assertFalse(suspicions.isEmpty());
        assertEquals(Set.of(SchoolListScenario.SCHOOL), suspicions.stream()
                .map(LeakSuspicion::getSourceOrgId).collect(Collectors.toSet()));
        assertEquals(1, suspicions.stream().map(LeakSuspicion::getSuspicionId).distinct().count());
        LeakSuspicion last = suspicions.get(suspicions.size() - 1);
        assertEquals(30, last.getCallers().size());
        assertTrue(last.getLift() > 20, "lift " + last.getLift());
        assertTrue(last.getLog10P() < -100, "log10_p " + last.getLog10P());
        assertEquals(1, alerts.size());
        assertEquals(last.getCampaignId(), alerts.get(0).getCampaignId());
    }
}
