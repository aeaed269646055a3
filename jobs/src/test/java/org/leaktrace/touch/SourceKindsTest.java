package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.junit.jupiter.api.Test;

class SourceKindsTest {
    private final SourceKinds kinds = SourceKinds.defaults();

    @Test
    void classifiesChineseNumbers() {
        assertEquals(NumberKind.MOBILE, kinds.kind("+8613812345678"));
        assertEquals(NumberKind.MOBILE, kinds.kind("+8619912345678"));
        assertEquals(NumberKind.FIXED_LINE, kinds.kind("+861062345678"));
        assertEquals(NumberKind.FIXED_LINE, kinds.kind("+862161234567"));
        assertEquals(NumberKind.FIXED_LINE, kinds.kind("+8675561234567"));
        assertEquals(NumberKind.TOLL_FREE, kinds.kind("+864008123456"));
        assertEquals(NumberKind.TOLL_FREE, kinds.kind("+868008123456"));
        assertEquals(NumberKind.SERVICE_CODE, kinds.kind("+8695588"));
        assertEquals(NumberKind.SERVICE_CODE, kinds.kind("+8610086"));
        assertEquals(NumberKind.SMS_GATEWAY, kinds.kind("+861069012345678"));
        assertEquals(NumberKind.FOREIGN, kinds.kind("+12025550143"));
        assertEquals(NumberKind.OTHER, kinds.kind("+8612345678901234"));
    }

    @Test
    void aCopyAsFlinkShipsItClassifiesAlike() throws Exception {
        assertEquals(NumberKind.MOBILE, kinds.kind("+8613812345678"), "the original's matcher is in use");
        SourceKinds copy = org.apache.flink.util.InstantiationUtil.clone(kinds);
        assertEquals(NumberKind.MOBILE, copy.kind("+8613812345678"));
        assertEquals(NumberKind.FIXED_LINE, copy.kind("+861062345678"));
        assertEquals(NumberKind.MOBILE, copy.kind("+8619912345678"), "the matcher is reset for each number");
    }

    @Test
    void onlyTheWholeNationalPartCounts() {
        assertEquals(NumberKind.FOREIGN, kinds.kind(null));
        assertEquals(NumberKind.FOREIGN, kinds.kind("8613812345678"), "no plus");
        assertEquals(NumberKind.FOREIGN, kinds.kind("+85291234567"), "Hong Kong is not +86");
        assertEquals(NumberKind.FOREIGN, kinds.kind("+8"));
        assertEquals(NumberKind.OTHER, kinds.kind("+86"));
        assertEquals(NumberKind.OTHER, kinds.kind("+8613812345a78"));
        assertEquals(NumberKind.OTHER, kinds.kind("+86138123456789"), "a mobile's prefix with a digit too many");
        assertEquals(NumberKind.SERVICE_CODE, kinds.kind("+86138"), "a mobile's prefix alone");
        assertEquals(NumberKind.SMS_GATEWAY, kinds.kind("+86106"));
        assertEquals(NumberKind.SMS_GATEWAY, kinds.kind("+861069"));
        assertEquals(NumberKind.OTHER, kinds.kind("+864008123"), "400 needs ten digits");
        assertEquals(NumberKind.MOBILE, new SourceKinds("1", "[2-9]\\d{9}", java.util.EnumSet.noneOf(NumberKind.class),
                java.util.EnumSet.noneOf(NumberKind.class)).kind("+12025550143"), "another plan's mobiles");
    }

    @Test
    void businessesAreSourcesAndGatewaysAreSenders() {
        assertTrue(kinds.isSource("+861062345678"));
        assertTrue(kinds.isSource("+8695588"));
        assertFalse(kinds.isSource("+8613812345678"));
        assertFalse(kinds.isSource("+12025550143"));
        assertTrue(kinds.isSender("+861069012345678"));
        assertFalse(kinds.isSender("+861062345678"));
    }

    private static String example(String region, PhoneNumberUtil.PhoneNumberType type) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        return util.format(util.getExampleNumberForType(region, type), PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    @Test
    void anotherRegionsNumbersGoByTheirLibphonenumberType() throws Exception {
        SourceKinds gb = SourceKinds.forRegion("GB");
        assertEquals(NumberKind.MOBILE, gb.kind(example("GB", PhoneNumberUtil.PhoneNumberType.MOBILE)));
        assertEquals(NumberKind.FIXED_LINE, gb.kind(example("GB", PhoneNumberUtil.PhoneNumberType.FIXED_LINE)));
        assertEquals(NumberKind.TOLL_FREE, gb.kind(example("GB", PhoneNumberUtil.PhoneNumberType.TOLL_FREE)));
        assertEquals(NumberKind.TOLL_FREE, gb.kind(example("GB", PhoneNumberUtil.PhoneNumberType.PREMIUM_RATE)));
        assertEquals(NumberKind.SERVICE_CODE, gb.kind("+44999"));
        assertEquals(NumberKind.FOREIGN, gb.kind("+8613812345678"));
        assertTrue(gb.isSource(example("GB", PhoneNumberUtil.PhoneNumberType.FIXED_LINE)), "an unlisted landline");
        assertFalse(gb.isSource(example("GB", PhoneNumberUtil.PhoneNumberType.MOBILE)), "a person");
        SourceKinds copy = org.apache.flink.util.InstantiationUtil.clone(gb);
        assertEquals(NumberKind.FIXED_LINE, copy.kind(example("GB", PhoneNumberUtil.PhoneNumberType.FIXED_LINE)));
    }

    @Test
    void wherePlansDoNotTellMobilesFromLandlinesEveryoneIsAPerson() {
        SourceKinds us = SourceKinds.forRegion("US");
        assertEquals(NumberKind.MOBILE, us.kind(example("US", PhoneNumberUtil.PhoneNumberType.FIXED_LINE)));
        assertEquals(NumberKind.MOBILE, us.kind(example("US", PhoneNumberUtil.PhoneNumberType.MOBILE)));
        assertEquals(NumberKind.TOLL_FREE, us.kind(example("US", PhoneNumberUtil.PhoneNumberType.TOLL_FREE)));
        assertEquals(NumberKind.SERVICE_CODE, us.kind("+122000"), "an SMS short code, kept as +1 and its digits");
    }

    @Test
    void chinaKeepsTheRulesWrittenOut() {
        assertEquals(SourceKinds.defaults().toString(), SourceKinds.forRegion("CN").toString());
        assertEquals(NumberKind.SMS_GATEWAY, SourceKinds.forRegion("CN").kind("+861069012345678"));
    }
}
