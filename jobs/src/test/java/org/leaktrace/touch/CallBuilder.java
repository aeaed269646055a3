package org.leaktrace.touch;

import java.time.Duration;
import java.time.Instant;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.ComplaintCategory;
import org.leaktrace.schema.Organization;

/** Small builders of test records with fixed instants. */
public final class CallBuilder {
    public static final Instant T0 = Instant.parse("2026-03-01T09:15:00+08:00");
    private static int nextId;

    private final CallRecord.Builder b;

    private CallBuilder(CallType type, String caller, String callee) {
        b = CallRecord.newBuilder()
                .setRecordId("r" + (++nextId))
                .setType(type)
                .setCaller(caller)
                .setCallee(callee)
                .setStartTime(T0)
                .setDurationS(0)
                .setAnswered(false);
    }

    public static CallBuilder voice(String caller, String callee) {
        return new CallBuilder(CallType.VOICE, caller, callee);
    }

    public static CallBuilder sms(String caller, String callee) {
        return new CallBuilder(CallType.SMS, caller, callee);
    }

    public CallBuilder at(Duration afterT0) {
        b.setStartTime(T0.plus(afterT0));
        return this;
    }

    public CallBuilder answered(int seconds) {
        b.setAnswered(true).setDurationS(seconds);
        return this;
    }

    public CallBuilder imei(String imei) {
        b.setCallerImei(imei);
        return this;
    }

    public CallRecord build() {
        return b.build();
    }

    public static Organization org(String orgId, String number) {
        return Organization.newBuilder()
                .setOrgId(orgId)
                .setName(orgId + " name")
                .setCategory("SCHOOL")
                .setNumber(number)
                .build();
    }

    public static Complaint complaint(String reporter, String reported, Duration afterT0) {
        return Complaint.newBuilder()
                .setComplaintId("c" + (++nextId))
                .setReporter(reporter)
                .setReportedNumber(reported)
                .setReportedAt(T0.plus(afterT0))
                .setCategory(ComplaintCategory.FRAUD)
                .build();
    }

    /** A CN mobile number +86 138 0000 nnnn. */
    public static String mobile(int n) {
        return String.format("+86138%08d", n);
    }
}
