package org.leaktrace.kafka;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;
import org.leaktrace.schema.Complaint;
import org.leaktrace.schema.ComplaintCategory;

/**
 * Seeded generator of cdr-topic messages, good and adversarial, each with the outcome the
 * decoder must give it: the normalized record, or a dead letter whose reason starts with a given
 * prefix. Shared by the unit-level fuzz test and the real-broker ITCase.
 */
public final class AdversarialMessages {
    /** Start of the generated calls' times: a fixed instant, so runs reproduce. */
    public static final Instant T0 = Instant.parse("2026-03-01T09:15:00+08:00");

    static final String NOT_SINGLE_OBJECT = "not Avro single-object encoded";
    static final String CORRUPT = "truncated or corrupt";
    static final String UNKNOWN_FINGERPRINT = "unknown schema fingerprint";

    /** What to generate. {@link #MUTATED} has no single right outcome and is left out of exact counts. */
    public enum Kind {
        GOOD, GOOD_NATIONAL_NUMBERS, GOOD_HUGE_ID, GOOD_CONTROL_CHARS_IN_ID,
        EMPTY, RANDOM_BYTES, BAD_HEADER, SHORT_HEADER, TRUNCATED, WRONG_FINGERPRINT, WRONG_SCHEMA,
        HUGE_LENGTH_PREFIX, YEAR_9999, BEFORE_1970, NEGATIVE_DURATION, FORTY_DIGIT_NUMBER, EMPTY_NUMBER,
        CONTROL_CHARS_IN_NUMBER, MUTATED
    }

    /**
     * One message.
     *
     * @param expected the record the decoder must produce, or null for a bad message
     * @param reasonPrefix how the dead letter's reason must start, or null for a good message
     */
    public record Message(Kind kind, byte[] bytes, CallRecord expected, String reasonPrefix) {
        public boolean good() {
            return expected != null;
        }
    }

    private static final int HEADER = 10;

    private final Random random;
    private final boolean brokerSafe;
    private final SingleObjectCodec<CallRecord> calls = SingleObjectCodec.of(CallRecord.class);
    private final SingleObjectCodec<Complaint> complaints = SingleObjectCodec.of(Complaint.class);
    private int serial;

    /**
     * @param brokerSafe leave out what a broker will not carry: messages over its 1 MB limit and
     *     empty values (which Kafka keeps, but as tombstones on compacted topics)
     */
    public AdversarialMessages(long seed, boolean brokerSafe) {
        this.random = new Random(seed);
        this.brokerSafe = brokerSafe;
    }

    /** A message of a random kind; good ones about half the time. */
    public Message next() {
        Kind[] kinds = Kind.values();
        if (random.nextBoolean()) {
            return next(kinds[random.nextInt(4)]);
        }
        return next(kinds[4 + random.nextInt(kinds.length - 4)]);
    }

    public Message next(Kind kind) {
        CallRecord call = call();
        switch (kind) {
            case GOOD:
                return good(kind, call, call);
            case GOOD_NATIONAL_NUMBERS: {
                CallRecord written = CallRecord.newBuilder(call)
                        .setCaller(national(call.getCaller())).setCallee("0086 " + call.getCallee().substring(3))
                        .build();
                return good(kind, written, call);
            }
            case GOOD_HUGE_ID:
                call.setRecordId("id-" + "x".repeat(brokerSafe ? 200_000 : 2_000_000));
                return good(kind, call, call);
            case GOOD_CONTROL_CHARS_IN_ID:
                // Ids are opaque: control characters in them are escaped on output, not rejected.
                call.setRecordId("r\u0000\u0007\t\u001b[31m" + serial);
                return good(kind, call, call);
            case EMPTY:
                return bad(kind, new byte[0], "empty message");
            case RANDOM_BYTES: {
                byte[] bytes = new byte[1 + random.nextInt(300)];
                random.nextBytes(bytes);
                if (bytes[0] == (byte) 0xC3) {
                    bytes[0] = 0;
                }
                return bad(kind, bytes, NOT_SINGLE_OBJECT);
            }
            case BAD_HEADER: {
                byte[] bytes = calls.encode(call);
                bytes[random.nextInt(2)] ^= (byte) (1 + random.nextInt(255));
                return bad(kind, bytes, NOT_SINGLE_OBJECT);
            }
            case SHORT_HEADER:
                return bad(kind, Arrays.copyOf(calls.encode(call), 1 + random.nextInt(HEADER - 1)),
                        NOT_SINGLE_OBJECT);
            case TRUNCATED: {
                byte[] bytes = calls.encode(call);
                return bad(kind, Arrays.copyOf(bytes, HEADER + random.nextInt(bytes.length - HEADER)), CORRUPT);
            }
            case WRONG_FINGERPRINT: {
                byte[] bytes = calls.encode(call);
                bytes[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
                return bad(kind, bytes, UNKNOWN_FINGERPRINT);
            }
            case WRONG_SCHEMA:
                return bad(kind, complaints.encode(complaint()), UNKNOWN_FINGERPRINT);
            case HUGE_LENGTH_PREFIX:
                return bad(kind, hugeLengthPrefix(call), CORRUPT);
            case YEAR_9999:
                call.setStartTime(Instant.parse("9999-12-31T23:59:59Z").minusSeconds(random.nextInt(86_400)));
                return bad(kind, calls.encode(call), "year 9999 out of range");
            case BEFORE_1970:
                call.setStartTime(Instant.EPOCH.minusSeconds(1 + random.nextInt(1_000_000)));
                return bad(kind, calls.encode(call), "year 1969 out of range");
            case NEGATIVE_DURATION:
                call.setDurationS(-1 - random.nextInt(Integer.MAX_VALUE));
                return bad(kind, calls.encode(call), "negative duration_s");
            case FORTY_DIGIT_NUMBER:
                call.setCaller("+" + digits(40));
                return bad(kind, calls.encode(call), "bad caller");
            case EMPTY_NUMBER:
                call.setCallee("");
                return bad(kind, calls.encode(call), "bad callee");
            case CONTROL_CHARS_IN_NUMBER: {
                String callee = call.getCallee();
                int at = 4 + random.nextInt(callee.length() - 4);
                char control = (char) new int[] {0, 7, 8, 0x1b, 0x7f}[random.nextInt(5)];
                call.setCallee(callee.substring(0, at) + control + callee.substring(at));
                return bad(kind, calls.encode(call), "bad callee");
            }
            case MUTATED: {
                byte[] bytes = calls.encode(call);
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    bytes[HEADER + random.nextInt(bytes.length - HEADER)] = (byte) random.nextInt(256);
                }
                return new Message(kind, bytes, null, null);
            }
            default:
                throw new IllegalArgumentException(kind.toString());
        }
    }

    /** A valid call with E.164 numbers, unique id, time within a day of {@link #T0}. */
    public CallRecord call() {
        serial++;
        boolean sms = random.nextInt(4) == 0;
        int duration = sms ? 0 : random.nextInt(600);
        return CallRecord.newBuilder()
                .setRecordId("r-" + serial)
                .setType(sms ? CallType.SMS : CallType.VOICE)
                .setCaller("+86138" + digits(8))
                .setCallee("+86139" + digits(8))
                .setStartTime(T0.plusSeconds(random.nextInt(86_400)))
                .setDurationS(duration)
                .setAnswered(duration > 0)
                .setCallerImei(random.nextBoolean() ? null : digits(15))
                .setCellId(random.nextBoolean() ? null : "460-00-" + random.nextInt(9999))
                .build();
    }

    private Complaint complaint() {
        return Complaint.newBuilder()
                .setComplaintId("c-" + serial).setReporter("+86139" + digits(8)).setReportedNumber("+86138" + digits(8))
                .setReportedAt(T0).setCategory(ComplaintCategory.FRAUD).setText(null).build();
    }

    /**
     * A valid header and fingerprint, then a record id claiming up to 2^31 bytes: a decoder that
     * trusts the length allocates gigabytes for one message.
     */
    private byte[] hugeLengthPrefix(CallRecord call) {
        byte[] header = Arrays.copyOf(calls.encode(call), HEADER);
        long length = (1L << 30) + random.nextInt(Integer.MAX_VALUE - (1 << 30));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        long zigzag = length << 1;
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        out.writeBytes("r-short".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private Message good(Kind kind, CallRecord written, CallRecord expected) {
        return new Message(kind, calls.encode(written), CallRecord.newBuilder(expected).build(), null);
    }

    private static Message bad(Kind kind, byte[] bytes, String reasonPrefix) {
        return new Message(kind, bytes, null, reasonPrefix);
    }

    private String digits(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }

    private static String national(String e164) {
        return e164.substring(3);
    }
}
