package org.leaktrace.sim;

/**
 * Everyday traffic of one day: social calls and texts, organizations touching their customers,
 * couriers' drivers, call centres and telemarketers. Campaign traffic was planned by
 * {@link World} and waits in its pending buffers.
 *
 * <p>Distributions. A subscriber makes Poisson(λ) calls a day with λ lognormal around 1.6
 * (landlines 0.7), 15% fewer at weekends, and Poisson(0.35) texts; 3-12 stable contacts derived
 * from a hash of the id, 75% of them neighbours in id space, called with a skew towards the first
 * few; calls follow a diurnal profile, 85% are answered, durations are lognormal with median 90 s;
 * a missed call is returned within two hours half of the time. Organizations touch each customer
 * every 3-45 days depending on category (first touch in the warm-up week, or on the join day):
 * a 106 notice, a hotline call by the customer (answered, 1-5 min) or a call from the organization.
 * A courier's notice is followed within 1-4 hours by the area's driver calling the recipient (70%).
 */
final class DayGenerator {

    private static final double[] HOUR_WEIGHTS = {
        1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 3, 5, 6, 7, 7, 6, 6, 6, 6, 6, 6, 7, 8, 8, 7, 5, 2};
    private static final double[] HOUR_CUMULATIVE = new double[24];

    static {
        double total = 0;
        for (double w : HOUR_WEIGHTS) {
            total += w;
        }
        double acc = 0;
        for (int h = 0; h < 24; h++) {
            acc += HOUR_WEIGHTS[h] / total;
            HOUR_CUMULATIVE[h] = acc;
        }
    }

    private final World world;
    private final NumberPlan plan;
    private final long seed;
    private final int subscribers;
    private final Rng rng = new Rng(0);
    private EventBuffer today;
    private int dayStart;

    DayGenerator(World world) {
        this.world = world;
        this.plan = world.plan;
        this.seed = world.cfg.seed();
        this.subscribers = world.subscribers;
    }

    /** All events of the day (in no particular order). */
    EventBuffer generate(int day) {
        if (today == null) {
            today = new EventBuffer(subscribers * 2 + 1_024);
        }
        today.clear();
        EventBuffer waiting = world.pending[day];
        world.pending[day] = null;
        if (waiting != null) {
            for (int i = 0; i < waiting.size; i++) {
                today.add(waiting.time[i], waiting.caller[i], waiting.callee[i], waiting.duration[i], waiting.isSms(i),
                        waiting.isAnswered(i));
            }
        }
        dayStart = day * World.DAY;
        boolean weekend = world.cfg.start().plusDays(day).getDayOfWeek().getValue() >= 6;
        for (int s = 0; s < subscribers; s++) {
            social(s, day, weekend);
        }
        for (Organization o : world.orgs) {
            touches(o, day);
        }
        for (Lookalike l : world.lookalikes) {
            if (l.kind() == Lookalike.Kind.CALL_CENTRE) {
                callCentre(l, day, weekend);
            } else if (l.kind() == Lookalike.Kind.RANDOM_DIALER) {
                dialer(l, day, weekend);
            }
        }
        return today;
    }

    private void emit(int t, int from, int to, int seconds, boolean sms, boolean answered) {
        if (t >= dayStart && t < dayStart + World.DAY) {
            today.add(t, from, to, seconds, sms, answered);
        } else {
            world.schedule(t, from, to, seconds, sms, answered);
        }
    }

    private int diurnalSecond() {
        double u = rng.nextDouble();
        int h = 0;
        while (h < 23 && u > HOUR_CUMULATIVE[h]) {
            h++;
        }
        return h * 3600 + rng.nextInt(3600);
    }

    /** The j-th social contact of s: mostly a neighbour in id space, sometimes anyone. */
    int contact(int s, int j) {
        long h = Rng.hash(seed, 0xC0, s, j);
        int c;
        if (Rng.unit(h) < 0.75) {
            int offset = 1 + (int) ((h >>> 12) % 400);
            c = Math.floorMod(s + ((h & 1) == 0 ? offset : -offset), subscribers);
        } else {
            c = (int) ((h >>> 20) % subscribers);
        }
        return c == s ? (s + 1) % subscribers : c;
    }

    int contactCount(int s) {
        return 3 + (int) ((Rng.hash(seed, 0xC1, s) >>> 40) % 10);
    }

    private void social(int s, int day, boolean weekend) {
        rng.reseed(Rng.hash(seed, 0x50C, s, day));
        boolean landline = plan.isLandline(s);
        double lambda = landline ? 0.7 : Math.exp(Math.log(1.6) + 0.6 * (Rng.unit(Rng.hash(seed, 0xCA, s)) - 0.5) * 2);
        if (weekend) {
            lambda *= 0.85;
        }
        int k = contactCount(s);
        int calls = rng.poisson(lambda);
        for (int i = 0; i < calls; i++) {
            double u = rng.nextDouble();
            int to = rng.chance(0.04) ? rng.nextInt(subscribers) : contact(s, (int) (k * u * u));
            if (to == s) {
                continue;
            }
            int t = dayStart + diurnalSecond();
            boolean answered = rng.chance(0.85);
            int duration = (int) Math.max(1, Math.min(3600, rng.lognormal(90, 1.0)));
            emit(t, s, to, duration, false, answered);
            if (!answered && rng.chance(0.5)) {
                emit(t + rng.between(120, 7200), to, s, (int) Math.max(1, Math.min(3600, rng.lognormal(90, 1.0))),
                        false, rng.chance(0.9));
            }
            if (answered && rng.chance(0.00005)) {
                world.complain(t + rng.between(600, 20_000), to, s, ComplaintCategory.HARASSMENT, rng.nextInt(1000));
            }
        }
        if (!landline) {
            int texts = rng.poisson(0.35);
            for (int i = 0; i < texts; i++) {
                int to = contact(s, rng.nextInt(k));
                if (!plan.isLandline(to)) {
                    emit(dayStart + diurnalSecond(), s, to, 0, true, true);
                }
            }
        }
    }

    private void touches(Organization o, int day) {
        int warmup = world.warmupDays;
        int[] drivers = world.driversByCourier.get(o.index);
        for (int i = 0; i < o.customers.length; i++) {
            if (!o.touchesOn(i, day, warmup)) {
                continue;
            }
            int s = o.customers[i];
            int t = dayStart + o.touchSecondOfDay(s, day);
            rng.reseed(Rng.hash(o.touchKey, 4, s, day));
            boolean canReceiveText = !plan.isLandline(s);
            double pSms = o.smsNumber == 0 || !canReceiveText ? 0
                    : o.category == OrgCategory.COURIER ? 0.9 : o.diseaseControl ? 0.7 : o.registered ? 0.45 : 0.25;
            double u = rng.nextDouble();
            if (u < pSms) {
                emit(t, o.smsNumber, s, 0, true, true);
                if (drivers != null && rng.chance(0.7)) {
                    int driver = drivers[(int) ((long) s * drivers.length / subscribers)];
                    boolean answered = rng.chance(0.85);
                    emit(t + rng.between(3600, 4 * 3600), driver, s, rng.between(20, 90), false, answered);
                }
            } else if (u < pSms + (1 - pSms) * 0.55) {
                boolean answered = rng.chance(0.95);
                emit(t, s, o.voiceNumber(), (int) Math.max(60, Math.min(300, rng.lognormal(150, 0.4))), false, answered);
            } else {
                boolean answered = rng.chance(0.75);
                emit(t, o.voiceNumber(), s, (int) Math.max(20, Math.min(600, rng.lognormal(90, 0.6))), false, answered);
                if (answered && rng.chance(0.002)) {
                    world.complain(t + rng.between(1800, 30_000), s, o.voiceNumber(), ComplaintCategory.OTHER,
                            rng.nextInt(1000));
                }
            }
        }
    }

    private void callCentre(Lookalike l, int day, boolean weekend) {
        rng.reseed(Rng.hash(seed, 0xCC, l.party(), day));
        Organization o = l.org();
        int calls = weekend ? l.dailyCalls() / 4 : l.dailyCalls() + rng.between(-5, 5);
        for (int i = 0; i < calls; i++) {
            int slot = rng.nextInt(o.customers.length);
            if (o.joinDay[slot] >= day) {
                continue;
            }
            int s = o.customers[slot];
            int t = dayStart + 9 * 3600 + rng.nextInt(9 * 3600);
            boolean answered = rng.chance(l.answerRate());
            emit(t, l.party(), s, (int) Math.max(30, Math.min(1800, rng.lognormal(180, 0.6))), false, answered);
            if (!answered && rng.chance(0.15)) {
                emit(t + rng.between(3600, 5 * 3600), s, l.party(),
                        (int) Math.max(30, Math.min(1800, rng.lognormal(150, 0.6))), false, rng.chance(0.9));
            }
        }
    }

    private void dialer(Lookalike l, int day, boolean weekend) {
        if (day < l.firstDay()) {
            return;
        }
        rng.reseed(Rng.hash(seed, 0xD1, l.party(), day));
        if (!rng.chance(weekend ? 0.4 : 0.9)) {
            return;
        }
        int calls = (int) (l.dailyCalls() * rng.uniform(0.7, 1.3));
        int position = rng.nextInt(plan.mobilePositions());
        for (int i = 0; i < calls; i++) {
            int s;
            if (l.sequential()) {
                position = (position + 1) % plan.mobilePositions();
                s = plan.subscriberAtPosition(position);
                if (s < 0) {
                    continue;
                }
            } else {
                s = rng.nextInt(subscribers);
            }
            int t = dayStart + 9 * 3600 + (int) ((i + rng.nextDouble()) * (11 * 3600.0 / calls));
            boolean answered = rng.chance(l.answerRate());
            emit(t, l.party(), s, (int) Math.max(3, Math.min(60, rng.lognormal(15, 0.6))), false, answered);
            if (answered && rng.chance(l.complaintRate())) {
                world.complain(t + rng.between(1800, World.DAY), s, l.party(), ComplaintCategory.SPAM_MARKETING,
                        rng.nextInt(1000));
            }
            if (rng.chance(0.02)) {
                emit(t + rng.between(600, 4 * 3600), s, l.party(), rng.between(3, 20), false, rng.chance(0.5));
            }
        }
    }
}
