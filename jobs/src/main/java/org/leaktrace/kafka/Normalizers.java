package org.leaktrace.kafka;

import org.leaktrace.ingest.EventTimes;
import org.leaktrace.ingest.InvalidRecordException;
import org.leaktrace.ingest.PhoneNumbers;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.Organization;

/**
 * The normalizers of the three input topics: a number that cannot be normalized, a negative
 * duration or an event time outside the range the CSV parsers accept ({@link EventTimes}) rejects
 * the record.
 */
public final class Normalizers {
    private Normalizers() {}

    public static RecordNormalizer<CallRecord> calls(String region) {
        return new Calls(region);
    }

    public static RecordNormalizer<Complaint> complaints(String region) {
        return new Complaints(region);
    }

    public static RecordNormalizer<Organization> organizations(String region) {
        return new Organizations(region);
    }

    private static String number(String value, String field, String region) throws InvalidRecordException {
        try {
            return PhoneNumbers.normalize(value, region);
        } catch (InvalidRecordException e) {
            throw new InvalidRecordException("bad " + field + ": " + e.reason());
        }
    }

    static final class Calls implements RecordNormalizer<CallRecord> {
        private static final long serialVersionUID = 1L;
        private final String region;

        Calls(String region) {
            this.region = region;
        }

        @Override
        public CallRecord normalize(CallRecord call) throws InvalidRecordException {
            if (call.getDurationS() < 0) {
                throw new InvalidRecordException("negative duration_s " + call.getDurationS());
            }
            EventTimes.checked(call.getStartTime(), "start_time");
            call.setCaller(number(call.getCaller(), "caller", region));
            call.setCallee(number(call.getCallee(), "callee", region));
            return call;
        }
    }

    static final class Complaints implements RecordNormalizer<Complaint> {
        private static final long serialVersionUID = 1L;
        private final String region;

        Complaints(String region) {
            this.region = region;
        }

        @Override
        public Complaint normalize(Complaint complaint) throws InvalidRecordException {
            EventTimes.checked(complaint.getReportedAt(), "reported_at");
            if (complaint.getReporter() != null) {
                complaint.setReporter(number(complaint.getReporter(), "reporter", region));
            }
            complaint.setReportedNumber(number(complaint.getReportedNumber(), "reported_number", region));
            return complaint;
        }
    }

    static final class Organizations implements RecordNormalizer<Organization> {
        private static final long serialVersionUID = 1L;
        private final String region;

        Organizations(String region) {
            this.region = region;
        }

        @Override
        public Organization normalize(Organization org) throws InvalidRecordException {
            org.setNumber(number(org.getNumber(), "number", region));
            return org;
        }
    }
}
