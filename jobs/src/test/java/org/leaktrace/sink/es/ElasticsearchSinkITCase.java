package org.leaktrace.sink.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leaktrace.job.Environments;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;

/**
 * The Elasticsearch sink against a real Elasticsearch 8.19 node (see {@link ElasticsearchNode}):
 * mappings, overwrite on replay, the analysts' searches, no victim in clear, retries and loud
 * failures. Each test writes under its own index prefix so tests do not see each other's data.
 */
class ElasticsearchSinkITCase {
    @RegisterExtension
    static final ElasticsearchNode NODE = new ElasticsearchNode();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static RestClient rest;

    @BeforeAll
    static void connect() {
        rest = ElasticsearchClients.rest(ElasticsearchConfig.defaults(NODE.url()));
    }

    @AfterAll
    static void disconnect() throws IOException {
        rest.close();
    }

    @Test
    void aFlinkJobIndexesAlertsWithTheTemplatesMappings() throws Exception {
        String prefix = "lt-job";
        ElasticsearchConfig cfg = ElasticsearchConfig.defaults(NODE.url()).withIndexPrefix(prefix);
        StreamExecutionEnvironment env = Environments.create(1, Environments.failFast());
        env.fromData(List.of(
                        TestAlerts.suspicion("ls-a", "cmp-a", "SCH-047", TestAlerts.victims(1, 5), 0),
                        TestAlerts.suspicion("ls-b", "cmp-b", "HOS-002", TestAlerts.victims(100, 3), 0)),
                        TypeInformation.of(LeakSuspicion.class))
                .sinkTo(new ElasticsearchSink<>(cfg, LeakTraceDocuments.suspicions(prefix, ZONE)))
                .uid("suspicions-es").name("suspicions-es");
        CallerAlert alert = TestAlerts.callerAlert("+8613900000001", "cmp-a");
        env.fromData(List.of(alert), TypeInformation.of(CallerAlert.class))
                .sinkTo(new ElasticsearchSink<>(cfg, LeakTraceDocuments.callerAlerts(prefix, ZONE)))
                .uid("caller-alerts-es").name("caller-alerts-es");
        env.execute("es-sink-itcase");
        refresh();

        assertEquals(2, count(prefix + "-suspicions-*", null));
        assertEquals(2, count(prefix + "-campaigns-*", null));
        assertEquals(8, count(prefix + "-evidence-*", null));
        assertEquals(1, count(prefix + "-caller-alerts-*", null));

        JsonNode mapping = get("/" + prefix + "-suspicions-2026.03/_mapping")
                .get(prefix + "-suspicions-2026.03").get("mappings").get("properties");
        assertEquals("keyword", mapping.at("/source_org_id/type").asText());
        assertEquals("text", mapping.at("/source_name/type").asText());
        assertEquals("keyword", mapping.at("/source_name/fields/keyword/type").asText());
        assertEquals("keyword", mapping.at("/callers/type").asText());
        assertEquals("double", mapping.at("/lift/type").asText());
        assertEquals("double", mapping.at("/log10_p/type").asText());
        assertEquals("date", mapping.at("/event_time/type").asText());
        assertEquals("date", mapping.at("/estimated_leak_time/type").asText());
        // A caller alert lives in the (UTC) month the caller was first seen: here February.
        String alertIndex = IndexNames.monthly(prefix, IndexNames.CALLER_ALERTS, alert.getFirstSeen());
        assertEquals(prefix + "-caller-alerts-2026.02", alertIndex);
        JsonNode callers = get("/" + alertIndex + "/_mapping").get(alertIndex).get("mappings").get("properties");
        assertEquals("keyword", callers.at("/caller/type").asText());
        assertEquals("double", callers.at("/score/type").asText());
        assertEquals("date", callers.at("/first_seen/type").asText());
    }

    @Test
    void aReplayedSuspicionOverwritesItsDocumentsWithTheLatestUpdate() throws Exception {
        String prefix = "lt-replay";
        List<String> firstVictims = TestAlerts.victims(1, 4);
        List<String> moreVictims = TestAlerts.victims(1, 6);
        try (Writer w = writer(prefix)) {
            w.write(TestAlerts.suspicion("ls-r", "cmp-r", "SCH-001", firstVictims, 0));
            w.flush();
            // After a failure Flink replays from the last checkpoint: update 0 again, then what followed.
            w.write(TestAlerts.suspicion("ls-r", "cmp-r", "SCH-001", firstVictims, 0));
            w.write(TestAlerts.suspicion("ls-r", "cmp-r", "SCH-001", moreVictims, 1));
            w.flush();
            w.write(TestAlerts.suspicion("ls-r", "cmp-r", "SCH-001", moreVictims, 2));
            w.flush();
        }
        refresh();
        assertEquals(1, count(prefix + "-suspicions-*", null));
        JsonNode doc = get("/" + prefix + "-suspicions-2026.03/_doc/ls-r").get("_source");
        assertEquals(2, doc.get("update").asInt());
        assertEquals(6, doc.get("victims").asInt());
        assertEquals(1, count(prefix + "-campaigns-*", null));
        assertEquals(6, count(prefix + "-evidence-*", null));
    }

    @Test
    void searchingBySourceReturnsTheCampaignsEvidence() throws Exception {
        String prefix = "lt-search";
        List<String> schoolVictims = TestAlerts.victims(1, 7);
        try (Writer w = writer(prefix)) {
            w.write(TestAlerts.suspicion("ls-s1", "cmp-s1", "SCH-047", schoolVictims, 0));
            w.write(TestAlerts.suspicion("ls-s2", "cmp-s2", "COU-003", TestAlerts.victims(500, 4), 0));
            w.flush();
        }
        refresh();
        JsonNode hits = search(prefix + "-evidence-*",
                "{\"size\":100,\"query\":{\"term\":{\"source_org_id\":\"SCH-047\"}}}").get("hits");
        assertEquals(7, hits.get("total").get("value").asInt());
        Set<String> pseudonyms = new TreeSet<>();
        for (JsonNode h : hits.get("hits")) {
            assertEquals("cmp-s1", h.get("_source").get("campaign_id").asText());
            pseudonyms.add(h.get("_source").get("victim_pseudonym").asText());
        }
        assertEquals(new TreeSet<>(schoolVictims.stream().map(TestAlerts.KEY::pseudonym).toList()), pseudonyms);
        assertEquals(1, count(prefix + "-suspicions-*", "{\"query\":{\"match\":{\"source_name\":{\"query\":\"sunrise SCH-047\",\"operator\":\"and\"}}}}"),
                "source_name is searchable as text");
    }

    @Test
    void noVictimNumberIsStoredInClear() throws Exception {
        String prefix = "lt-clear";
        List<String> victims = TestAlerts.victims(4242, 9);
        try (Writer w = writer(prefix)) {
            w.write(TestAlerts.suspicion("ls-c", "cmp-c", "SCH-900", victims, 0));
            w.write(TestAlerts.callerAlert("+8613900000001", "cmp-c"));
            w.flush();
        }
        refresh();
        JsonNode hits = search(prefix + "-*", "{\"size\":1000,\"query\":{\"match_all\":{}}}").get("hits").get("hits");
        assertEquals(1 + 1 + victims.size() + 1, hits.size());
        for (JsonNode h : hits) {
            String source = h.get("_source").toString();
            for (String v : victims) {
                assertFalse(source.contains(v.substring(1)), "victim " + v + " in clear in " + h.get("_index"));
            }
        }
    }

    @Test
    void transientFailuresAreRetriedWithBackoffUntilIndexed() throws Exception {
        String prefix = "lt-retry";
        try (FlakyProxy proxy = new FlakyProxy(NODE.url());
                Writer w = writer(prefix, proxy.url(), 4, Duration.ofMillis(100))) {
            proxy.failNextBulks(FlakyProxy.Fault.TOO_MANY_REQUESTS, FlakyProxy.Fault.TOO_MANY_REQUESTS,
                    FlakyProxy.Fault.UNAVAILABLE, FlakyProxy.Fault.ITEMS_REJECTED);
            w.write(TestAlerts.suspicion("ls-t", "cmp-t", "SCH-002", TestAlerts.victims(1, 3), 0));
            w.flush();
            List<Long> arrivals = proxy.bulkArrivals();
            assertEquals(5, arrivals.size(), "4 failures, then success");
            for (int i = 1; i < arrivals.size(); i++) {
                long gapMs = (arrivals.get(i) - arrivals.get(i - 1)) / 1_000_000;
                long backoffMs = 100L << (i - 1);
                assertTrue(gapMs >= backoffMs, "retry " + i + " after " + gapMs + " ms, backoff " + backoffMs);
            }
            assertEquals(4, w.sender.retries());
        }
        refresh();
        assertEquals(1, count(prefix + "-suspicions-*", null));
        assertEquals(3, count(prefix + "-evidence-*", null));
    }

    @Test
    void retriesAreBoundedAndThenFailLoudly() throws Exception {
        try (FlakyProxy proxy = new FlakyProxy(NODE.url());
                Writer w = writer("lt-bounded", proxy.url(), 3, Duration.ofMillis(10))) {
            proxy.failNextBulks(FlakyProxy.Fault.UNAVAILABLE, FlakyProxy.Fault.UNAVAILABLE,
                    FlakyProxy.Fault.UNAVAILABLE, FlakyProxy.Fault.UNAVAILABLE);
            w.write(TestAlerts.callerAlert("+8613900000009", null));
            IOException e = assertThrows(IOException.class, w::flush);
            assertTrue(e.getMessage().contains("gave up after 3 retries"), e.getMessage());
        }
    }

    @Test
    void aRejectedRequestFailsLoudlyWithoutRetrying() throws Exception {
        try (FlakyProxy proxy = new FlakyProxy(NODE.url());
                Writer w = writer("lt-denied", proxy.url(), 3, Duration.ofMillis(10))) {
            proxy.failNextBulks(FlakyProxy.Fault.UNAUTHORIZED);
            w.write(TestAlerts.callerAlert("+8613900000009", null));
            IOException e = assertThrows(IOException.class, w::flush);
            assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
            assertEquals(1, proxy.bulkArrivals().size(), "a 401 is not retried");
        }
    }

    @Test
    void aDocumentTheMappingRejectsFailsLoudly() throws Exception {
        String prefix = "lt-bad";
        ElasticsearchConfig cfg = ElasticsearchConfig.defaults(NODE.url()).withIndexPrefix(prefix);
        DocumentMapper<String> broken = lift -> List.of(new EsDocument(
                prefix + "-suspicions-2026.03", "ls-bad", "{\"suspicion_id\":\"ls-bad\",\"lift\":\"" + lift + "\"}"));
        ElasticsearchSinkWriter<String> w = ElasticsearchSinkWriter.open(cfg, broken, null);
        try {
            w.write("not-a-number", null);
            IOException e = assertThrows(IOException.class, () -> w.flush(false));
            assertTrue(e.getMessage().contains("not retriable") && e.getMessage().contains("ls-bad"), e.getMessage());
            assertTrue(e.getMessage().contains("400"), e.getMessage());
        } finally {
            w.close();
        }
    }

    @Test
    void templatesAndPolicyInstallIdempotently() throws Exception {
        IndexSetup.Installed first = IndexSetup.install(rest, "lt-setup");
        IndexSetup.Installed again = IndexSetup.install(rest, "lt-setup");
        assertEquals(first, again);
        JsonNode templates = get("/_index_template/lt-setup-*").get("index_templates");
        Set<String> names = new HashSet<>();
        templates.forEach(t -> names.add(t.get("name").asText()));
        assertEquals(Set.of("lt-setup-suspicions", "lt-setup-caller-alerts", "lt-setup-campaigns", "lt-setup-evidence"),
                names);
    }

    /** A writer outside Flink, for tests that control exactly when it flushes. */
    private static final class Writer implements AutoCloseable {
        final ElasticsearchSinkWriter<Object> suspicions;
        final BulkSender sender;

        Writer(ElasticsearchConfig cfg) throws IOException {
            DocumentMapper<LeakSuspicion> s = LeakTraceDocuments.suspicions(cfg.indexPrefix(), ZONE);
            DocumentMapper<CallerAlert> a = LeakTraceDocuments.callerAlerts(cfg.indexPrefix(), ZONE);
            DocumentMapper<Object> both = r -> r instanceof LeakSuspicion l ? s.documents(l) : a.documents((CallerAlert) r);
            this.suspicions = ElasticsearchSinkWriter.open(cfg, both, null);
            this.sender = suspicions.sender();
        }

        void write(Object record) throws IOException {
            suspicions.write(record, null);
        }

        void flush() throws IOException {
            suspicions.flush(false);
        }

        @Override
        public void close() throws IOException {
            suspicions.close();
        }
    }

    private static Writer writer(String prefix) throws IOException {
        return new Writer(ElasticsearchConfig.defaults(NODE.url()).withIndexPrefix(prefix));
    }

    private static Writer writer(String prefix, String url, int retries, Duration backoff) throws IOException {
        return new Writer(ElasticsearchConfig.defaults(url).withIndexPrefix(prefix).withRetries(retries, backoff));
    }

    private static void refresh() throws IOException {
        rest.performRequest(new Request("POST", "/_refresh"));
    }

    private static long count(String index, String query) throws IOException {
        Request r = new Request("POST", "/" + index + "/_count");
        if (query != null) {
            r.setEntity(new StringEntity(query, ContentType.APPLICATION_JSON));
        }
        return JSON.readTree(EntityUtils.toString(rest.performRequest(r).getEntity())).get("count").asLong();
    }

    private static JsonNode search(String index, String body) throws IOException {
        Request r = new Request("POST", "/" + index + "/_search");
        r.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        return JSON.readTree(EntityUtils.toString(rest.performRequest(r).getEntity()));
    }

    private static JsonNode get(String path) throws IOException {
        return JSON.readTree(EntityUtils.toString(rest.performRequest(new Request("GET", path)).getEntity()));
    }
}
