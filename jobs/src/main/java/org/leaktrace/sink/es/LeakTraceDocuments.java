package org.leaktrace.sink.es;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.sink.AlertJson;

/**
 * The documents LeakTrace's alerts become, one mapper per alert type.
 *
 * <p>Suspicion and caller-alert documents are exactly the contract's JSON lines
 * ({@link AlertJson}), so an analyst sees the same fields in Kibana as in {@code alerts.jsonl}.
 * A suspicion also refreshes its campaign's document and writes one evidence document per
 * victim pseudonym, so "which victims does source X explain" is a plain term query; the last
 * record of a suspicion ended by a merge ({@code merged_into}) updates only its own document. Ids are
 * stable (suspicion_id, alert_id, campaign_id, suspicion_id:pseudonym) and every document of
 * an alert goes to the month of its first emission, so re-emissions overwrite.
 */
public final class LeakTraceDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LeakTraceDocuments() {}

    /** Suspicion, campaign and evidence documents of a leak suspicion. */
    public static DocumentMapper<LeakSuspicion> suspicions(String prefix, ZoneId zone) {
        return s -> suspicionDocuments(s, prefix, zone);
    }

    /** The document of a caller alert, in the month the caller was first seen. */
    public static DocumentMapper<CallerAlert> callerAlerts(String prefix, ZoneId zone) {
        return a -> List.of(new EsDocument(
                IndexNames.monthly(prefix, IndexNames.CALLER_ALERTS, a.getFirstSeen()),
                a.getAlertId(),
                AlertJson.callerAlert(a, zone)));
    }

    static List<EsDocument> suspicionDocuments(LeakSuspicion s, String prefix, ZoneId zone) {
        Instant month = s.getFirstDetected();
        List<EsDocument> docs = new ArrayList<>(2 + s.getVictimPseudonyms().size());
        docs.add(new EsDocument(
                IndexNames.monthly(prefix, IndexNames.SUSPICIONS, month), s.getSuspicionId(), AlertJson.suspicion(s, zone)));
        if (s.getMergedInto() != null) {
            // Ended by a merge: the suspicion that goes on keeps the campaign's document and the
            // evidence; this one would point the campaign at a suspicion that no longer updates.
            return docs;
        }
        docs.add(new EsDocument(
                IndexNames.monthly(prefix, IndexNames.CAMPAIGNS, month), s.getCampaignId(), campaign(s, zone)));
        String evidenceIndex = IndexNames.monthly(prefix, IndexNames.EVIDENCE, month);
        for (String pseudonym : s.getVictimPseudonyms()) {
            String id = evidenceId(s.getSuspicionId(), pseudonym);
            docs.add(new EsDocument(evidenceIndex, id, evidence(s, id, pseudonym, zone)));
        }
        return docs;
    }

    /** {@code ls-…:<pseudonym>}: one evidence document per (suspicion, victim). */
    public static String evidenceId(String suspicionId, String pseudonym) {
        return suspicionId + ":" + pseudonym;
    }

    static String campaign(LeakSuspicion s, ZoneId zone) {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", "campaign");
        o.put("campaign_id", s.getCampaignId());
        o.put("suspicion_id", s.getSuspicionId());
        source(o, s);
        strings(o.putArray("callers"), s.getCallers());
        o.put("caller_count", s.getCallers().size());
        o.put("campaign_victims", s.getCampaignVictims());
        o.put("victims", s.getVictims());
        o.put("calls_before_detection", s.getCallsBeforeDetection());
        number(o, "lift", s.getLift());
        number(o, "log10_p", s.getLog10P());
        time(o, "first_detected", s.getFirstDetected(), zone);
        time(o, "event_time", s.getEventTime(), zone);
        time(o, "estimated_leak_time", s.getEstimatedLeakTime(), zone);
        return o.toString();
    }

    static String evidence(LeakSuspicion s, String id, String pseudonym, ZoneId zone) {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", "evidence");
        o.put("evidence_id", id);
        o.put("suspicion_id", s.getSuspicionId());
        o.put("campaign_id", s.getCampaignId());
        source(o, s);
        o.put("victim_pseudonym", pseudonym);
        strings(o.putArray("callers"), s.getCallers());
        time(o, "event_time", s.getEventTime(), zone);
        time(o, "first_detected", s.getFirstDetected(), zone);
        time(o, "estimated_leak_time", s.getEstimatedLeakTime(), zone);
        return o.toString();
    }

    private static void source(ObjectNode o, LeakSuspicion s) {
        o.put("source_org_id", s.getSourceOrgId());
        o.put("source_name", s.getSourceName());
        o.put("source_category", s.getSourceCategory());
        o.put("source_number", s.getSourceNumber());
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void number(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }

    private static void time(ObjectNode o, String field, Instant value, ZoneId zone) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, AlertJson.formatTime(value, zone));
        }
    }
}
