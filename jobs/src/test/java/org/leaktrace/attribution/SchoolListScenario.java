package org.leaktrace.attribution;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.leaktrace.schema.Organization;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.Touch;
import org.leaktrace.schema.internal.VictimContact;

/**
 * A campaign working through a leaked school list: 30 rotating numbers, 10 cold calls each,
 * 80% of victims drawn from the school's 400 customers among 20,000 subscribers, 20% padding.
 * A national courier serves 30% of everyone and must not be blamed.
 */
final class SchoolListScenario {
    static final String SCHOOL = "SCH-047";
    static final String COURIER = "CUR-001";
    static final long POPULATION = 20_000;
    static final int SCHOOL_CUSTOMERS = 400;
    static final long COURIER_CUSTOMERS = 6_000;
    static final long HISTORY_START = Instant.parse("2025-01-01T00:00:00+08:00").toEpochMilli();
    static final long LEAK = Instant.parse("2026-01-29T00:00:00+08:00").toEpochMilli();
    static final long FIRST_CALL = Instant.parse("2026-02-03T10:15:00+08:00").toEpochMilli();
    static final long CALL_SPACING = Duration.ofMinutes(7).toMillis();

    final List<AttributionInput> sizes = new ArrayList<>();
    final List<AttributionInput> contacts = new ArrayList<>();
    /** Per contact, in order: whether the victim is a school customer. */
    final List<Boolean> schoolVictim = new ArrayList<>();
    final List<String> victims = new ArrayList<>();
    final List<String> callers = new ArrayList<>();

    static List<Organization> directory() {
        return List.of(
                org(SCHOOL, "Sunrise Kindergarten", "SCHOOL", "+862150001234"),
                org(COURIER, "National Express", "COURIER", "+8695311"));
    }

    static Organization org(String id, String name, String category, String number) {
        return Organization.newBuilder().setOrgId(id).setName(name).setCategory(category)
                .setNumber(number).setDeleted(false).build();
    }

    static String subscriber(int index) {
        return String.format("+86139%08d", index);
    }

    /**
     * @param callerBase first caller index (callers are +86170... numbers)
     * @param customerOffset the first school customer this campaign draws from; two campaigns
     *     on disjoint halves of the list share no victim
     */
    static SchoolListScenario campaign(long seed, String imei, String cell, int callerBase,
            int numbers, int callsPerNumber, int customerOffset, int customerRange,
            int paddingOffset, long startMs) {
        SchoolListScenario s = new SchoolListScenario();
        s.sizes.add(Inputs.size(CampaignAttributionFunction.POPULATION, POPULATION, startMs - 1));
        s.sizes.add(Inputs.size(SCHOOL, SCHOOL_CUSTOMERS, startMs - 1));
        s.sizes.add(Inputs.size(COURIER, COURIER_CUSTOMERS / 2, startMs - 1));
        s.sizes.add(Inputs.size(COURIER, COURIER_CUSTOMERS / 2, startMs - 1));
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> customers = new ArrayList<>();
        for (int i = 0; i < customerRange; i++) {
            customers.add(customerOffset + i);
        }
        java.util.Collections.shuffle(customers, new java.util.Random(seed));
        int nextCustomer = 0;
        int nextPadding = paddingOffset;
        long t = startMs;
        for (int n = 0; n < numbers; n++) {
            String caller = String.format("+86170%08d", callerBase + n);
            s.callers.add(caller);
            for (int k = 0; k < callsPerNumber; k++) {
                boolean fromList = random.nextDouble() < 0.8 && nextCustomer < customers.size();
                int index = fromList ? customers.get(nextCustomer++) : nextPadding++;
                String victim = subscriber(index);
                s.contacts.add(Inputs.contact(caller, victim, t, imei, cell,
                        touches(index, random, t)));
                s.schoolVictim.add(index < SCHOOL_CUSTOMERS);
                s.victims.add(victim);
                t += CALL_SPACING;
            }
        }
        return s;
    }

    /**
     * The school list worked by numbers rotating without a shared device: each call comes from
     * the next number in turn, so after k calls every number has made about k / numbers, and the
     * shuffled list gives no two numbers the same victim.
     *
     * @param phones each number on a device of its own; otherwise no device is known
     */
    static SchoolListScenario rotation(long seed, int numbers, int rounds, boolean phones) {
        SchoolListScenario byNumber = campaign(seed, null, null, 0, numbers, rounds, 0, SCHOOL_CUSTOMERS,
                1_000, FIRST_CALL);
        SchoolListScenario s = new SchoolListScenario();
        s.sizes.addAll(byNumber.sizes);
        s.callers.addAll(byNumber.callers);
        long t = FIRST_CALL;
        for (int k = 0; k < rounds; k++) {
            for (int n = 0; n < numbers; n++) {
                int i = n * rounds + k;
                VictimContact c = byNumber.contacts.get(i).getContact();
                String imei = phones ? "IMEI-PHONE-" + n : null;
                s.contacts.add(Inputs.contact(c.getCaller(), c.getVictim(), t, imei, null, c.getTouches()));
                s.schoolVictim.add(byNumber.schoolVictim.get(i));
                s.victims.add(byNumber.victims.get(i));
                t += CALL_SPACING;
            }
        }
        return s;
    }

    /** The standard scenario: 30 numbers on one IMEI, 10 calls each. */
    static SchoolListScenario standard() {
        return campaign(42, "IMEI-BOX-1", null, 0, 30, 10, 0, SCHOOL_CUSTOMERS, 1_000,
                FIRST_CALL);
    }

    private static List<Touch> touches(int index, SplittableRandom random, long callMs) {
        List<Touch> touches = new ArrayList<>();
        if (index < SCHOOL_CUSTOMERS) {
            long first = HISTORY_START + (long) (random.nextDouble() * (LEAK - HISTORY_START));
            touches.add(Inputs.touch(SCHOOL, first, first + Duration.ofDays(20).toMillis()));
        }
        if (index % 10 < 3) {
            long first = HISTORY_START + (long) (random.nextDouble() * (LEAK - HISTORY_START));
            touches.add(Inputs.touch(COURIER, first, first + Duration.ofDays(3).toMillis()));
        }
        return touches;
    }

    /**
     * The same calls, where the school also rings its parents from an unlisted number: {@code
     * share} of its customers called that number back, some time after their first touch with
     * the school and before the campaign's call. The number's customers are a subset of the
     * school's, as the touch stage would count them.
     */
    SchoolListScenario withCallCentre(String number, double share, long seed) {
        SchoolListScenario s = new SchoolListScenario();
        s.sizes.addAll(sizes);
        long firstCall = contacts.get(0).getTimeMs();
        s.sizes.add(Inputs.size(number, Math.round(share * SCHOOL_CUSTOMERS), firstCall - 1));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < contacts.size(); i++) {
            VictimContact c = contacts.get(i).getContact();
            List<Touch> touches = new ArrayList<>(c.getTouches());
            Touch school = touches.stream().filter(t -> t.getSource().equals(SCHOOL)).findFirst().orElse(null);
            if (school != null && random.nextDouble() < share) {
                long first = school.getFirstMs() + (long) (random.nextDouble() * (LEAK - school.getFirstMs()));
                touches.add(Inputs.touch(number, first, first));
            }
            s.contacts.add(Inputs.contact(c.getCaller(), c.getVictim(), c.getTimeMs(),
                    c.getCallerImei(), c.getCellId(), touches));
        }
        s.schoolVictim.addAll(schoolVictim);
        s.victims.addAll(victims);
        s.callers.addAll(callers);
        return s;
    }

    List<AttributionInput> all() {
        List<AttributionInput> all = new ArrayList<>(sizes);
        all.addAll(contacts);
        return all;
    }

    /** School victims among the first {@code m} contacts (victims are distinct). */
    int schoolHitsAmongFirst(int m) {
        int hits = 0;
        for (int i = 0; i < m; i++) {
            if (schoolVictim.get(i)) {
                hits++;
            }
        }
        return hits;
    }
}
