package org.leaktrace.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NestedSourcesTest {
    private static final double SHARE = 0.8;
    private static final double LIFT = 4.0;
    private static final String SCHOOL = "SCH-047";
    private static final String COURIER = "CUR-001";
    private static final String CALL_CENTRE = "+862150009999";
    private static final String DRIVER = "+8613900000001";

    /** Victims with these sources, {@code count} of each kind. */
    private static final class Victims {
        final List<VictimState> all = new ArrayList<>();

        Victims add(int count, String... sources) {
            for (int i = 0; i < count; i++) {
                VictimState v = new VictimState();
                v.victim = "+86139" + String.format("%08d", all.size());
                v.seq = all.size();
                v.sources = sources;
                all.add(v);
            }
            return this;
        }
    }

    private static NestedSources.Sizes sizes(Map<String, Long> sizes) {
        return s -> sizes.getOrDefault(s, 0L);
    }

    @Test
    void anOrganizationsCallCentreIsExplainedByTheOrganization() throws Exception {
        // 34 of 40 victims are the school's customers; 8 of those called its call centre back,
        // which a fifth of the school's customers did: no more than the school's list brings.
        Victims v = new Victims().add(8, SCHOOL, CALL_CENTRE).add(26, SCHOOL).add(6);
        var sizes = sizes(Map.of(SCHOOL, 400L, CALL_CENTRE, 80L));

        assertEquals(SCHOOL, NestedSources.explainer(CALL_CENTRE, v.all, sizes, SHARE, LIFT));
        assertNull(NestedSources.explainer(SCHOOL, v.all, sizes, SHARE, LIFT),
                "the school's hits are not the call centre's");
    }

    @Test
    void aDriversOwnContactsAreNotExplainedByTheCourierTheyAllUse() throws Exception {
        // Every victim the driver reached is the courier's customer, but the driver serves 50 of
        // its 6,000: 16 of 18 is far beyond that sliver.
        Victims v = new Victims().add(16, DRIVER, COURIER).add(2, COURIER).add(4);
        var sizes = sizes(Map.of(COURIER, 6_000L, DRIVER, 50L));

        assertNull(NestedSources.explainer(DRIVER, v.all, sizes, SHARE, LIFT));
    }

    @Test
    void aSourceSharingOnlyAFewVictimsWithAnotherIsNotExplained() throws Exception {
        Victims v = new Victims().add(3, SCHOOL, COURIER).add(9, SCHOOL).add(10, COURIER).add(8);
        var sizes = sizes(Map.of(SCHOOL, 400L, COURIER, 6_000L));

        assertNull(NestedSources.explainer(SCHOOL, v.all, sizes, SHARE, LIFT), "3 of 12 is no subset");
    }

    @Test
    void aSourceWithFewerHitsCannotExplainOneWithMore() throws Exception {
        // All of the call centre's hits are the school's, but the school has fewer hits overall.
        Victims v = new Victims().add(6, SCHOOL, CALL_CENTRE).add(4, CALL_CENTRE).add(10);
        var sizes = sizes(Map.of(SCHOOL, 400L, CALL_CENTRE, 400L));

        assertNull(NestedSources.explainer(CALL_CENTRE, v.all, sizes, SHARE, LIFT));
    }

    @Test
    void twoSourcesWithTheSameCustomersKeepTheDirectoryOrganization() throws Exception {
        Victims v = new Victims().add(12, SCHOOL, CALL_CENTRE).add(8);
        var sizes = sizes(Map.of(SCHOOL, 400L, CALL_CENTRE, 400L));

        assertEquals(SCHOOL, NestedSources.explainer(CALL_CENTRE, v.all, sizes, SHARE, LIFT));
        assertNull(NestedSources.explainer(SCHOOL, v.all, sizes, SHARE, LIFT),
                "one of the two is always kept");
    }

    @Test
    void nestedNeedsTheShareTheHitCountAndNoOverRepresentationWithin() {
        // 8 shared of 10 hits, outer 34 hits; customers 80 of 400 (share 0.2): 8 < 4 * 34 * 0.2.
        assertTrue(NestedSources.nested(8, 10, 34, 80, 400, SHARE, LIFT));
        assertFalse(NestedSources.nested(7, 10, 34, 80, 400, SHARE, LIFT), "7 of 10 is below the share");
        assertFalse(NestedSources.nested(8, 10, 9, 80, 400, SHARE, LIFT), "the outer has fewer hits");
        assertFalse(NestedSources.nested(8, 10, 34, 10, 400, SHARE, LIFT), "8 > 4 * 34 * 0.025");
        assertFalse(NestedSources.nested(8, 10, 34, 0, 400, SHARE, LIFT), "size unknown");
        assertFalse(NestedSources.nested(0, 0, 34, 80, 400, SHARE, LIFT), "no hits");
    }

    @Test
    void aSourceWithoutHitsHasNoExplainer() throws Exception {
        Victims v = new Victims().add(5, SCHOOL);
        assertNull(NestedSources.explainer(CALL_CENTRE, v.all, sizes(Map.of(SCHOOL, 400L)), SHARE, LIFT));
    }
}
