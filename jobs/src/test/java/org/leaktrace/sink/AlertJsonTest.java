package org.leaktrace.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.LeakSuspicion;

class AlertJsonTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static LeakSuspicion.Builder suspicion() {
        return LeakSuspicion.newBuilder()
                .setSuspicionId("sus-1")
                .setSourceOrgId("SCH-047")
                .setSourceName("No. 3 Primary School")
                .setSourceCategory("SCHOOL")
                .setSourceNumber(null)
                .setCampaignId("cmp-1")
                .setCallers(List.of("+8613800000001", "+8613800000002"))
                .setVictims(37)
                .setCampaignVictims(45)
                .setSourceCustomers(400)
                .setPopulation(20000)
                .setCandidatesTested(12)
                .setExpected(0.9)
                .setLift(41.1)
                .setLog10P(-41.7)
                .setEventTime(Instant.parse("2026-02-03T02:15:00Z"))
                .setFirstDetected(Instant.parse("2026-02-03T01:00:00Z"))
                .setCallsBeforeDetection(11)
                .setEstimatedLeakTime(Instant.parse("2026-01-28T16:00:00Z"))
                .setLeakTimeEarliest(null)
                .setLeakTimeLatest(null)
                .setCampaigns(List.of("cmp-1"))
                .setVictimPseudonyms(List.of("ab12"))
                .setUpdate(0);
    }

    @Test
    void suspicionCarriesEveryContractFieldWithZonedTimes() throws Exception {
        JsonNode json = MAPPER.readTree(AlertJson.suspicion(suspicion().build(), SHANGHAI));

        for (String field : List.of("kind", "suspicion_id", "source_org_id", "source_name", "source_category",
                "source_number", "campaign_id", "callers", "victims", "expected", "lift", "log10_p",
                "event_time", "estimated_leak_time")) {
            assertTrue(json.has(field), "missing contract field " + field);
        }
        assertEquals("leak_suspicion", json.get("kind").asText());
        assertTrue(json.get("source_number").isNull());
        assertEquals("2026-02-03T10:15:00+08:00", json.get("event_time").asText());
        assertEquals("2026-01-29T00:00:00+08:00", json.get("estimated_leak_time").asText());
        assertEquals(37, json.get("victims").asInt());
        assertEquals(-41.7, json.get("log10_p").asDouble(), 1e-9);
        assertEquals(2, json.get("callers").size());
    }

    @Test
    void aTestAmongTheVictimsBesideABlamedSourceSaysWhichItSetAside() throws Exception {
        JsonNode plain = MAPPER.readTree(AlertJson.suspicion(suspicion().build(), SHANGHAI));
        assertTrue(plain.get("set_aside_source").isNull());
        JsonNode besides = MAPPER.readTree(AlertJson.suspicion(
                suspicion().setSetAsideSource("BNK-002").build(), SHANGHAI));
        assertEquals("BNK-002", besides.get("set_aside_source").asText());
    }

    @Test
    void anEndedSuspicionSaysWhichGoesOn() throws Exception {
        assertTrue(MAPPER.readTree(AlertJson.suspicion(suspicion().build(), SHANGHAI))
                .get("merged_into").isNull());
        JsonNode ended = MAPPER.readTree(AlertJson.suspicion(
                suspicion().setMergedInto("ls-0abc").build(), SHANGHAI));
        assertEquals("ls-0abc", ended.get("merged_into").asText());
    }

    @Test
    void infiniteLiftIsWrittenAsNullNotAsInvalidJson() throws Exception {
        JsonNode json = MAPPER.readTree(AlertJson.suspicion(
                suspicion().setLift(Double.POSITIVE_INFINITY).build(), SHANGHAI));
        assertTrue(json.get("lift").isNull());
    }

    @Test
    void callerAlertCarriesContractFields() throws Exception {
        CallerAlert alert = CallerAlert.newBuilder()
                .setAlertId("ca-1")
                .setCaller("+8613800000001")
                .setCampaignId("cmp-1")
                .setScore(0.93)
                .setReasons(List.of("short_call_burst", "complaints:3"))
                .setEventTime(Instant.parse("2026-02-03T02:15:00Z"))
                .setFirstSeen(Instant.parse("2026-02-02T02:15:00Z"))
                .setCalls(40)
                .setDistinctCallees(38)
                .setAnswerRate(0.2)
                .setShortCallShare(0.9)
                .setColdShare(1.0)
                .setReciprocity(0.0)
                .setComplaints(3)
                .setCallerImei(null)
                .build();
        JsonNode json = MAPPER.readTree(AlertJson.callerAlert(alert, SHANGHAI));

        assertEquals("caller_alert", json.get("kind").asText());
        assertEquals("+8613800000001", json.get("caller").asText());
        assertEquals("cmp-1", json.get("campaign_id").asText());
        assertEquals(0.93, json.get("score").asDouble(), 1e-9);
        assertEquals("complaints:3", json.get("reasons").get(1).asText());
        assertEquals("2026-02-03T10:15:00+08:00", json.get("event_time").asText());
    }

    @Test
    void deadLetterHasSourceLineReasonRaw() throws Exception {
        DeadLetter d = DeadLetter.newBuilder()
                .setSource("cdr.csv").setLine(123L).setReason("bad start_time 'x'").setRaw("a,b,\"c\"")
                .build();
        JsonNode json = MAPPER.readTree(AlertJson.deadLetter(d));
        assertEquals("cdr.csv", json.get("source").asText());
        assertEquals(123, json.get("line").asLong());
        assertEquals("bad start_time 'x'", json.get("reason").asText());
        assertEquals("a,b,\"c\"", json.get("raw").asText());
    }
}
