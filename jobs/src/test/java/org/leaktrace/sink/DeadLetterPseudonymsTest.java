package org.leaktrace.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.leaktrace.kafka.PrintableBytes;
import org.leaktrace.schema.DeadLetter;

class DeadLetterPseudonymsTest {
    private static final Pseudonymizer KEY = Pseudonymizer.fromSecret("leaktrace-test-key");
    private static final DeadLetterPseudonyms PSEUDONYMS = new DeadLetterPseudonyms(KEY, "CN");

    private static String p(String e164) {
        return DeadLetterPseudonyms.PREFIX + KEY.pseudonym(e164);
    }

    private static DeadLetter fileRow(String reason, String raw) {
        return DeadLetter.newBuilder().setSource("cdr.csv").setLine(2227L).setReason(reason).setRaw(raw)
                .setRawBytes(null).setPartition(null).setOffset(null).build();
    }

    @Test
    void aRowsNumbersBecomeThePseudonymsTheAlertsGiveThem() throws Exception {
        DeadLetter out = PSEUDONYMS.map(fileRow("bad start_time 'yesterday 09:15'",
                "CDR0000002226,VOICE,13358213130,008613256864320,yesterday 09:15,716,true,"
                        + "352050113192065,460-00-4100-50"));

        // The numbers as exported, normalized first: the victim's pseudonym in the alerts.
        assertEquals("CDR0000002226,VOICE," + p("+8613358213130") + "," + p("+8613256864320")
                + ",yesterday 09:15,716,true," + PSEUDONYMS.pseudonym("352050113192065") + ","
                + PSEUDONYMS.pseudonym("460-00-4100-50"), out.getRaw());
        assertEquals("bad start_time 'yesterday 09:15'", out.getReason());
        assertEquals("cdr.csv", out.getSource());
        assertEquals(2227L, out.getLine());
    }

    @Test
    void aNumberInAnyOfItsWrittenFormsHasOnePseudonym() {
        for (String written : new String[] {"13812345678", "+8613812345678", "008613812345678", "8613812345678",
                "+86 138-1234-5678"}) {
            assertEquals(p("+8613812345678"), PSEUDONYMS.pseudonym(written), written);
        }
    }

    @Test
    void aQuotedNumberWithSpacesAndDashesIsOneNumber() throws Exception {
        DeadLetter out = PSEUDONYMS.map(fileRow("unknown type 'MMS'",
                "CDR7,MMS,\"+86 133-5821-3130\",\"(0086) 132 5686 4320\",2026-01-05T13:31:52+08:00,0,false,,"));

        assertEquals("CDR7,MMS,\"" + p("+8613358213130") + "\",\"(" + p("+8613256864320")
                + "\",2026-01-05T13:31:52+08:00,0,false,,", out.getRaw());
    }

    @Test
    void aNumberQuotedInTheReasonIsReplacedAndItsWordsKept() throws Exception {
        DeadLetter out = PSEUDONYMS.map(fileRow(
                "unparseable number in callee: '+8613812345678901234' (more than 20 digits)",
                "CDR9,VOICE,13358213130,+8613812345678901234,2026-01-05T13:31:52+08:00,9,true,,"));

        String pseudonym = PSEUDONYMS.pseudonym("+8613812345678901234");
        assertEquals("unparseable number in callee: '" + pseudonym + "' (more than 20 digits)", out.getReason());
        assertEquals("CDR9,VOICE," + p("+8613358213130") + "," + pseudonym + ",2026-01-05T13:31:52+08:00,9,true,,",
                out.getRaw());
    }

    @Test
    void idsDatesServiceCodesAndUnreadableValuesStay() throws Exception {
        String raw = "CDR0000019206,SMS,95588,not-a-number,2026-01-05,0,true,,460-00";
        DeadLetter out = PSEUDONYMS.map(fileRow("unparseable number in callee: 'not-a-number' (letters in number)",
                raw));

        assertEquals(raw, out.getRaw());
        assertEquals("unparseable number in callee: 'not-a-number' (letters in number)", out.getReason());
    }

    @Test
    void aKafkaMessagesDigitsAreReplacedWhereverTheyAreAndItsBytesDropped() throws Exception {
        byte[] bytes = "\u0002\u001c+8613812345678\u001613358213130R+4420794609580000".getBytes(
                StandardCharsets.US_ASCII);
        DeadLetter in = DeadLetter.newBuilder().setSource("leaktrace.cdr").setLine(null)
                .setReason("unparseable number in callee: '13358213130' (too short)")
                .setRaw(PrintableBytes.render(bytes)).setRawBytes(ByteBuffer.wrap(bytes))
                .setPartition(1).setOffset(42L).build();

        DeadLetter out = PSEUDONYMS.map(in);

        // A \xNN escape is one byte: neither the length byte 0x16 runs into the number after it, nor
        // does 0x1c's "c" or a printable length byte ("R") make the number after it an id's digits.
        assertEquals("\\x02\\x1c" + p("+8613812345678") + "\\x16" + p("+8613358213130") + "R"
                + PSEUDONYMS.pseudonym("+4420794609580000"), out.getRaw());
        assertEquals("unparseable number in callee: '" + p("+8613358213130") + "' (too short)", out.getReason());
        assertNull(out.getRawBytes(), "the original bytes stay in the input topic");
        assertEquals(1, out.getPartition());
        assertEquals(42L, out.getOffset());
        assertFalse(in.getRaw().equals(out.getRaw()), "the input record is not changed");
    }

    @Test
    void numbersInFreeTextAndWithAnySeparatorAreFound() {
        assertEquals("我的号码" + p("+8613812345678") + "被泄露",
                PSEUDONYMS.redact("我的号码13812345678被泄露", true),
                "a CJK character before the digits is not an id's letter");
        assertEquals("call " + p("+8613812345678") + " now",
                PSEUDONYMS.redact("call 138\u00a01234\u20135678 now", true));
        assertEquals(p("+8613812345678") + " ext 12", PSEUDONYMS.redact("138_1234_5678 ext 12", true));
        assertEquals(p("+8613812345678"), PSEUDONYMS.redact("138\t1234\t5678", true), "a tab, as the parser reads");
        assertEquals("tel: " + p("+442079460958") + " ext. 7", PSEUDONYMS.redact("tel: +44 20 7946 0958 ext. 7", true));
    }

    @Test
    void idsDatesRangesAndLengthsStay() {
        for (String kept : new String[] {"CDR-0000002226", "id_20260105123", "05/01/2026", "05.01.2026", "2026/01/05",
                "year 9999 out of range 1970..2100", "\\x01\\x02... (1048576 bytes)", "460-00"}) {
            assertEquals(kept, PSEUDONYMS.redact(kept, true));
        }
    }
}
