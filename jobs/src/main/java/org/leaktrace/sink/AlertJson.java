package org.leaktrace.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.LeakSuspicion;

/**
 * Renders alerts and dead letters as the JSON Lines of ../shared/CONTRACT.md.
 *
 * <p>One renderer serves the file sink, the Kafka JSON view and the tests, so the field names and
 * time format of the contract live in exactly one place. Times are ISO-8601 with the offset of
 * the configured zone; non-finite numbers (a lift over an expected count of zero) become null
 * because JSON has no infinity.
 */
public final class AlertJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private AlertJson() {}

    /** A {@code leak_suspicion} line. */
    public static String suspicion(LeakSuspicion s, ZoneId zone) {
        return render(g -> {
            g.writeStringField("kind", "leak_suspicion");
            g.writeStringField("suspicion_id", s.getSuspicionId());
            nullableString(g, "source_org_id", s.getSourceOrgId());
            nullableString(g, "source_name", s.getSourceName());
            nullableString(g, "source_category", s.getSourceCategory());
            nullableString(g, "source_number", s.getSourceNumber());
            g.writeStringField("campaign_id", s.getCampaignId());
            stringArray(g, "callers", s.getCallers());
            g.writeNumberField("victims", s.getVictims());
            number(g, "expected", s.getExpected());
            number(g, "lift", s.getLift());
            number(g, "log10_p", s.getLog10P());
            time(g, "event_time", s.getEventTime(), zone);
            time(g, "estimated_leak_time", s.getEstimatedLeakTime(), zone);
            time(g, "leak_time_earliest", s.getLeakTimeEarliest(), zone);
            time(g, "leak_time_latest", s.getLeakTimeLatest(), zone);
            time(g, "first_detected", s.getFirstDetected(), zone);
            g.writeNumberField("calls_before_detection", s.getCallsBeforeDetection());
            g.writeNumberField("campaign_victims", s.getCampaignVictims());
            g.writeNumberField("source_customers", s.getSourceCustomers());
            g.writeNumberField("population", s.getPopulation());
            g.writeNumberField("candidates_tested", s.getCandidatesTested());
            stringArray(g, "campaigns", s.getCampaigns());
            stringArray(g, "victim_pseudonyms", s.getVictimPseudonyms());
            g.writeNumberField("update", s.getUpdate());
            nullableString(g, "set_aside_source", s.getSetAsideSource());
            nullableString(g, "merged_into", s.getMergedInto());
        });
    }

    /** A {@code caller_alert} line. */
    public static String callerAlert(CallerAlert a, ZoneId zone) {
        return render(g -> {
            g.writeStringField("kind", "caller_alert");
            g.writeStringField("alert_id", a.getAlertId());
            g.writeStringField("caller", a.getCaller());
            nullableString(g, "campaign_id", a.getCampaignId());
            number(g, "score", a.getScore());
            stringArray(g, "reasons", a.getReasons());
            time(g, "event_time", a.getEventTime(), zone);
            time(g, "first_seen", a.getFirstSeen(), zone);
            g.writeNumberField("calls", a.getCalls());
            g.writeNumberField("distinct_callees", a.getDistinctCallees());
            number(g, "answer_rate", a.getAnswerRate());
            number(g, "short_call_share", a.getShortCallShare());
            number(g, "cold_share", a.getColdShare());
            number(g, "reciprocity", a.getReciprocity());
            g.writeNumberField("complaints", a.getComplaints());
            nullableString(g, "caller_imei", a.getCallerImei());
        });
    }

    /** A dead-letter line: {@code {"source":…,"line":…,"reason":…,"raw":…}}. */
    public static String deadLetter(DeadLetter d) {
        return render(g -> {
            g.writeStringField("source", d.getSource());
            if (d.getLine() == null) {
                g.writeNullField("line");
            } else {
                g.writeNumberField("line", d.getLine());
            }
            g.writeStringField("reason", d.getReason());
            g.writeStringField("raw", d.getRaw());
            if (d.getPartition() != null) {
                g.writeNumberField("partition", d.getPartition());
            }
            if (d.getOffset() != null) {
                g.writeNumberField("offset", d.getOffset());
            }
        });
    }

    /** Formats an instant the way every output of LeakTrace does. */
    public static String formatTime(Instant instant, ZoneId zone) {
        return OffsetDateTime.ofInstant(instant, zone).format(ISO);
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String render(Body body) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void nullableString(JsonGenerator g, String field, String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }

    private static void number(JsonGenerator g, String field, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(field, value);
        } else {
            g.writeNullField(field);
        }
    }

    private static void time(JsonGenerator g, String field, Instant value, ZoneId zone) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, formatTime(value, zone));
        }
    }

    private static void stringArray(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        if (values != null) {
            for (String v : values) {
                g.writeString(v);
            }
        }
        g.writeEndArray();
    }
}
