package org.leaktrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NumberPlanTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    static String normalize(String raw) throws NumberParseException {
        return UTIL.format(UTIL.parse(raw, "CN"), PhoneNumberUtil.PhoneNumberFormat.E164);
    }

    @Test
    void everyExportFormatNamesTheSameSubscriber() throws Exception {
        NumberPlan plan = new NumberPlan(3, 20_000);
        Set<String> seen = new HashSet<>();
        for (int id = 0; id < 20_000; id += 7) {
            String e164 = plan.e164(id);
            assertTrue(seen.add(e164), "duplicate number " + e164);
            assertTrue(UTIL.isValidNumber(UTIL.parse(e164, "CN")), e164);
            for (double pick = 0.05; pick < 1; pick += 0.1) {
                assertEquals(e164, normalize(plan.exported(id, pick)), plan.exported(id, pick));
            }
        }
    }

    @Test
    void specialNumbersAreDistinctAndKeepTheirCanonicalForm() throws Exception {
        NumberPlan plan = new NumberPlan(3, 5_000);
        Rng rng = new Rng(1);
        int[] parties = {plan.newLandline("21"), plan.newLandline("755"), plan.newHotline(false), plan.newHotline(true),
            plan.newServiceCode(), plan.newSmsGateway(rng), plan.newMobile("867690041890211", "460-00-4100-10")};
        Set<String> seen = new HashSet<>();
        for (int p : parties) {
            String exported = plan.exported(p, 0.5);
            assertEquals(plan.e164(p), normalize(exported), exported);
            assertTrue(seen.add(plan.e164(p)));
        }
        assertTrue(plan.national(parties[4]).matches("95\\d{3}"));
        assertTrue(plan.national(parties[5]).matches("106\\d{5,10}"));
        assertTrue(UTIL.isValidNumber(UTIL.parse(plan.e164(parties[0]), "CN")));
        assertTrue(UTIL.isValidNumber(UTIL.parse(plan.e164(parties[1]), "CN")));
    }

    @Test
    void blockPositionsMapBackToTheirSubscribers() {
        NumberPlan plan = new NumberPlan(9, 5_000);
        int inService = 0;
        for (int pos = 0; pos < plan.mobilePositions(); pos++) {
            int id = plan.subscriberAtPosition(pos);
            if (id >= 0) {
                inService++;
                assertEquals(plan.subscriberNational(id), plan.mobileNationalAtPosition(pos));
            }
        }
        int mobiles = 0;
        for (int id = 0; id < 5_000; id++) {
            mobiles += plan.isLandline(id) ? 0 : 1;
        }
        assertEquals(mobiles, inService);
    }

    @Test
    void feistelIsABijection() {
        FeistelPermutation p = new FeistelPermutation(12_345, 42);
        boolean[] hit = new boolean[12_345];
        for (int i = 0; i < 12_345; i++) {
            int y = p.forward(i);
            assertTrue(!hit[y]);
            hit[y] = true;
            assertEquals(i, p.inverse(y));
        }
    }
}
