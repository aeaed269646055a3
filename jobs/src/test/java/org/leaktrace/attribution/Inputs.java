package org.leaktrace.attribution;

import java.util.List;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.AttributionKind;
import org.leaktrace.schema.internal.CallerRisk;
import org.leaktrace.schema.internal.SourceSize;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;

/** Builders of attribution inputs for tests. */
final class Inputs {
    private Inputs() {}

    static Touch touch(String source, long firstMs, long lastMs) {
        return Touch.newBuilder().setSource(source).setFirstMs(firstMs).setLastMs(lastMs).build();
    }

    static AttributionInput contact(String caller, String victim, long timeMs, String imei,
            String cell, List<Touch> touches) {
        return AttributionInput.newBuilder()
                .setKind(AttributionKind.CONTACT)
                .setTimeMs(timeMs)
                .setContact(VictimContact.newBuilder()
                        .setRecordId(caller + ">" + victim + "@" + timeMs)
                        .setCaller(caller)
                        .setVictim(victim)
                        .setTimeMs(timeMs)
                        .setAnswered(false)
                        .setDurationS(0)
                        .setCallerImei(imei)
                        .setCellId(cell)
                        .setTouches(touches)
                        .build())
                .build();
    }

    static AttributionInput risk(String caller, long timeMs, String imei, double score) {
        return risk(caller, timeMs, imei, score, List.of("short_call_burst"));
    }

    static AttributionInput risk(String caller, long timeMs, String imei, double score, List<String> reasons) {
        return AttributionInput.newBuilder()
                .setKind(AttributionKind.CALLER_RISK)
                .setTimeMs(timeMs)
                .setRisk(CallerRisk.newBuilder()
                        .setCaller(caller)
                        .setScore(score)
                        .setReasons(reasons)
                        .setFirstSeenMs(timeMs - 60_000)
                        .setCalls(20)
                        .setDistinctCallees(20)
                        .setAnswerRate(0.2)
                        .setShortCallShare(0.9)
                        .setColdShare(1.0)
                        .setReciprocity(0.0)
                        .setComplaints(1)
                        .setCallerImei(imei)
                        .setCellId(null)
                        .build())
                .build();
    }

    /**
     * A contact as the caller stage sends it for a fresh number that is not risky on its own:
     * with the number's profile as of the call.
     */
    static AttributionInput early(AttributionInput contact, double score) {
        VictimContact c = contact.getContact();
        return AttributionInput.newBuilder(risk(c.getCaller(), c.getTimeMs(), c.getCallerImei(), score,
                        List.of("cold_share:1.00")))
                .setKind(AttributionKind.EARLY_CONTACT)
                .setContact(c)
                .build();
    }

    static AttributionInput size(String source, long delta, long timeMs) {
        return AttributionInput.newBuilder()
                .setKind(AttributionKind.SOURCE_SIZE)
                .setTimeMs(timeMs)
                .setSize(SourceSize.newBuilder().setSource(source).setDelta(delta).build())
                .build();
    }
}
