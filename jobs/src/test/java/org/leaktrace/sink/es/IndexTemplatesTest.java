package org.leaktrace.sink.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The index templates cover every field LeakTrace writes, with types fit for the analysts'
 * searches. The mappings are not dynamic, so a field missing here would be stored but
 * unsearchable: this test is what catches it when the contract grows.
 */
class IndexTemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Set<String> NUMBERS = Set.of("integer", "long", "double");

    @Test
    void everyFieldOfEveryDocumentIsMapped() throws Exception {
        var suspicion = TestAlerts.suspicion("ls-1", "cmp-1", "SCH-047", TestAlerts.victims(1, 2), 0);
        for (EsDocument d : LeakTraceDocuments.suspicions("leaktrace", ZONE).documents(suspicion)) {
            assertMapped(d);
        }
        for (EsDocument d : LeakTraceDocuments.callerAlerts("leaktrace", ZONE)
                .documents(TestAlerts.callerAlert("+8613900000001", "cmp-1"))) {
            assertMapped(d);
        }
    }

    private static void assertMapped(EsDocument d) throws Exception {
        String kind = kindOf(d.index());
        Map<String, String> fields = TemplateFields.of(kind);
        JsonNode doc = JSON.readTree(d.json());
        doc.fieldNames().forEachRemaining(f -> assertTrue(fields.containsKey(f), kind + " template lacks " + f));
    }

    private static String kindOf(String index) {
        for (String kind : IndexNames.KINDS) {
            if (index.startsWith("leaktrace-" + kind + "-")) {
                return kind;
            }
        }
        throw new AssertionError("unknown index " + index);
    }

    @Test
    void analystsSearchesHaveTheRightTypes() {
        Map<String, String> s = TemplateFields.of(IndexNames.SUSPICIONS);
        assertEquals("keyword", s.get("source_org_id"));
        assertEquals("text", s.get("source_name"));
        assertEquals("keyword", s.get("source_name.keyword"));
        assertEquals("keyword", s.get("callers"));
        assertEquals("keyword", s.get("victim_pseudonyms"));
        assertEquals("double", s.get("lift"));
        assertEquals("double", s.get("log10_p"));
        for (String date : new String[] {"event_time", "estimated_leak_time", "leak_time_earliest", "leak_time_latest",
                "first_detected"}) {
            assertEquals("date", s.get(date), date);
        }
        assertTrue(NUMBERS.contains(s.get("victims")));
        Map<String, String> e = TemplateFields.of(IndexNames.EVIDENCE);
        assertEquals("keyword", e.get("victim_pseudonym"));
        assertEquals("keyword", e.get("source_org_id"));
        assertEquals("keyword", TemplateFields.of(IndexNames.CALLER_ALERTS).get("caller"));
        assertEquals("date", TemplateFields.of(IndexNames.CAMPAIGNS).get("first_detected"));
    }

    @Test
    void templatesMatchMonthlyIndicesAndCarryTheRetentionPolicy() {
        for (String kind : IndexNames.KINDS) {
            ObjectNode t = IndexSetup.template(kind, "leaktrace", "leaktrace-alerts");
            assertEquals("leaktrace-" + kind + "-*", t.get("index_patterns").get(0).asText());
            assertEquals("leaktrace-alerts", t.at("/template/settings/index/lifecycle/name").asText());
            assertEquals("false", t.at("/template/mappings/dynamic").asText());
        }
    }

    @Test
    void anotherPrefixRewritesPatternsAndPolicy() {
        ObjectNode t = IndexSetup.template(IndexNames.EVIDENCE, "lt-test", "lt-test-alerts");
        assertEquals("lt-test-evidence-*", t.get("index_patterns").get(0).asText());
        assertEquals("lt-test-alerts", t.at("/template/settings/index/lifecycle/name").asText());
    }

    @Test
    void withoutLifecycleManagementTheTemplateHasNoPolicy() {
        ObjectNode t = IndexSetup.template(IndexNames.SUSPICIONS, "leaktrace", null);
        assertTrue(t.at("/template/settings/index/lifecycle").isMissingNode());
        assertEquals(1, t.at("/template/settings/index/number_of_shards").asInt());
    }

    @Test
    void retentionDeletesAfter400Days() throws Exception {
        JsonNode policy = JSON.readTree(IndexSetup.resource("ilm/leaktrace-alerts.json"));
        assertEquals("400d", policy.at("/policy/phases/delete/min_age").asText());
        assertTrue(policy.at("/policy/phases/delete/actions/delete").isObject());
    }

    @Test
    void classpathCopiesAreTheFilesOfDockerDirectory() throws Exception {
        Path docker = Path.of("..", "docker", "elasticsearch");
        for (String kind : IndexNames.KINDS) {
            String name = "templates/leaktrace-" + kind + ".json";
            assertEquals(Files.readString(docker.resolve(name)), IndexSetup.resource(name), name);
        }
    }
}
