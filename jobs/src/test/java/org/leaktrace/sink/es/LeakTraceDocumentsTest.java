package org.leaktrace.sink.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.sink.AlertJson;

class LeakTraceDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Test
    void aSuspicionBecomesItsDocumentItsCampaignAndOneEvidencePerVictim() throws Exception {
        List<String> victims = TestAlerts.victims(1, 3);
        LeakSuspicion s = TestAlerts.suspicion("ls-abc", "cmp-1", "SCH-047", victims, 0);
        List<EsDocument> docs = LeakTraceDocuments.suspicions("leaktrace", ZONE).documents(s);
        assertEquals(5, docs.size());

        assertEquals(new EsDocument("leaktrace-suspicions-2026.03", "ls-abc", AlertJson.suspicion(s, ZONE)), docs.get(0));

        EsDocument campaign = docs.get(1);
        assertEquals("leaktrace-campaigns-2026.03", campaign.index());
        assertEquals("cmp-1", campaign.id());
        JsonNode c = JSON.readTree(campaign.json());
        assertEquals(2, c.get("caller_count").asInt());
        assertEquals("SCH-047", c.get("source_org_id").asText());
        assertEquals("2026-03-01T09:15:00+08:00", c.get("first_detected").asText());

        for (int i = 0; i < victims.size(); i++) {
            EsDocument e = docs.get(2 + i);
            String pseudonym = TestAlerts.KEY.pseudonym(victims.get(i));
            assertEquals("leaktrace-evidence-2026.03", e.index());
            assertEquals("ls-abc:" + pseudonym, e.id());
            JsonNode ev = JSON.readTree(e.json());
            assertEquals(pseudonym, ev.get("victim_pseudonym").asText());
            assertEquals("SCH-047", ev.get("source_org_id").asText());
        }
    }

    @Test
    void aSuspicionEndedByAMergeUpdatesOnlyItsOwnDocument() {
        LeakSuspicion s = TestAlerts.suspicion("ls-old", "cmp-1", "SCH-047", TestAlerts.victims(1, 3), 2);
        s.setMergedInto("ls-goes-on");
        List<EsDocument> docs = LeakTraceDocuments.suspicions("leaktrace", ZONE).documents(s);
        assertEquals(List.of(new EsDocument("leaktrace-suspicions-2026.03", "ls-old", AlertJson.suspicion(s, ZONE))),
                docs, "the campaign's document and the evidence stay with the suspicion that goes on");
    }

    @Test
    void everyUpdateOfASuspicionLandsOnTheSameDocuments() {
        List<String> victims = TestAlerts.victims(1, 2);
        var mapper = LeakTraceDocuments.suspicions("leaktrace", ZONE);
        // Update 800 has an event time a month after detection; the index month must not move.
        List<EsDocument> first = mapper.documents(TestAlerts.suspicion("ls-x", "cmp-x", "SCH-1", victims, 0));
        List<EsDocument> later = mapper.documents(TestAlerts.suspicion("ls-x", "cmp-x", "SCH-1", victims, 800));
        assertEquals(first.stream().map(d -> d.index() + "/" + d.id()).toList(),
                later.stream().map(d -> d.index() + "/" + d.id()).toList());
    }

    @Test
    void monthsAreUtc() {
        assertEquals("leaktrace-suspicions-2026.02", IndexNames.monthly("leaktrace", IndexNames.SUSPICIONS,
                java.time.Instant.parse("2026-03-01T07:59:59+08:00")));
        assertEquals("leaktrace-caller-alerts-*", IndexNames.pattern("leaktrace", IndexNames.CALLER_ALERTS));
    }

    @Test
    void noDocumentCarriesAVictimsNumber() {
        List<String> victims = TestAlerts.victims(777, 4);
        for (EsDocument d : LeakTraceDocuments.suspicions("leaktrace", ZONE)
                .documents(TestAlerts.suspicion("ls-v", "cmp-v", "SCH-2", victims, 0))) {
            for (String v : victims) {
                assertFalse(d.json().contains(v.substring(3)), d.json());
                assertFalse(d.id().contains(v.substring(3)), d.id());
            }
        }
    }

    @Test
    void aCallerAlertIsItsContractLineUnderItsAlertId() {
        var alert = TestAlerts.callerAlert("+8613900000001", "cmp-1");
        List<EsDocument> docs = LeakTraceDocuments.callerAlerts("leaktrace", ZONE).documents(alert);
        assertEquals(List.of(new EsDocument("leaktrace-caller-alerts-2026.02", "ca-8613900000001",
                AlertJson.callerAlert(alert, ZONE))), docs);
        assertTrue(docs.get(0).json().contains("\"kind\":\"caller_alert\""));
    }
}
