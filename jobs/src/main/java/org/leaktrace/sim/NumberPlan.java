package org.leaktrace.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every telephone number of the world, derived rather than stored.
 *
 * <p>A <em>party</em> is an int: {@code >= 0} is a subscriber id, {@code < 0} is
 * {@code -(index + 1)} into a short registry of special numbers (organizations' lines, campaign
 * SIMs, couriers' drivers, telemarketers). Subscribers' numbers are computed from their id, so a
 * world of ten million subscribers keeps no per-subscriber strings.
 *
 * <p>Mobile numbers live in blocks of 10,000 (a 7-digit prefix {@code 1[3-9]x xxxx}, as operators
 * allocate them), about 70% occupied: a keyed Feistel permutation maps subscriber ids onto the
 * block positions, so neighbouring ids get unrelated numbers, and the free positions are both
 * "not in service" numbers (hit by sequential dialers) and the pool for new SIMs. About 3% of
 * subscribers are home landlines in Shanghai ({@code 021 5xxx xxxx}).
 */
public final class NumberPlan {

    /** What a special number is, which decides how it is exported. */
    public enum Kind { MOBILE, LANDLINE, SHARED_COST, SERVICE_CODE, SMS_GATEWAY }

    static final int BLOCK = 10_000;
    private static final double BLOCK_DENSITY = 0.7;
    private static final int MIN_BLOCKS = 4;
    private static final double LANDLINE_SHARE = 0.03;
    private static final int[] MOBILE_PREFIXES = {
        130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159,
        166, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 198, 199};
    private static final String[] TACS = {
        "86891203", "35328811", "86769004", "35674108", "86420704", "35899110", "86005604", "35205011"};

    private final long seed;
    private final int subscribers;
    private final int domain;
    private final int[] blockPrefix;
    private final FeistelPermutation permutation;
    private final List<Special> specials = new ArrayList<>();
    private final Set<String> specialNationals = new HashSet<>();
    private int nextSpareMobile;
    private int landlineCounter;
    private int sharedCostCounter;
    private int serviceCodeCounter;

    /** One special number: national digits as exported, E.164, and the device it dials from. */
    public record Special(String national, String e164, Kind kind, String imei, String cell) {
    }

    public NumberPlan(long seed, int subscribers) {
        this.seed = seed;
        this.subscribers = subscribers;
        int blocks = Math.max(MIN_BLOCKS, (int) Math.ceil(subscribers / (BLOCK * BLOCK_DENSITY)));
        this.domain = blocks * BLOCK;
        this.blockPrefix = new int[blocks];
        Set<Integer> used = new HashSet<>();
        Rng rng = new Rng(Rng.hash(seed, 0xB10C));
        for (int b = 0; b < blocks; b++) {
            int p;
            do {
                p = MOBILE_PREFIXES[rng.nextInt(MOBILE_PREFIXES.length)] * 10_000 + rng.nextInt(10_000);
            } while (!used.add(p));
            blockPrefix[b] = p;
        }
        this.permutation = new FeistelPermutation(domain, Rng.hash(seed, 0xFE15));
        this.nextSpareMobile = subscribers;
    }

    public int subscribers() {
        return subscribers;
    }

    public boolean isSubscriber(int party) {
        return party >= 0;
    }

    /** Whether a subscriber is a home landline (no device, cannot text). */
    public boolean isLandline(int subscriber) {
        return Rng.unit(Rng.hash(seed, 0x1A2D, subscriber)) < LANDLINE_SHARE;
    }

    /** Whether the party can originate an SMS. */
    public boolean canText(int party) {
        if (party >= 0) {
            return !isLandline(party);
        }
        Kind k = special(party).kind();
        return k == Kind.MOBILE || k == Kind.SMS_GATEWAY;
    }

    /** National digits of a subscriber (mobile {@code 138…} or landline {@code 021…}). */
    public String subscriberNational(int id) {
        int pos = permutation.forward(id);
        if (isLandline(id)) {
            return "021" + (5 + pos / 10_000_000) + pad(pos % 10_000_000, 7);
        }
        return mobileAt(pos);
    }

    private String mobileAt(int pos) {
        return blockPrefix[pos / BLOCK] + pad(pos % BLOCK, 4);
    }

    /** Number of mobile positions (occupied or not) a sequential dialer can walk through. */
    public int mobilePositions() {
        return domain;
    }

    /** The national mobile number at a block position, whether in service or not. */
    public String mobileNationalAtPosition(int pos) {
        return mobileAt(pos);
    }

    /** The mobile subscriber at a block position, or -1 when the number is not in service. */
    public int subscriberAtPosition(int pos) {
        int id = permutation.inverse(pos);
        if (id >= subscribers || isLandline(id)) {
            return -1;
        }
        return id;
    }

    /** E.164 of any party. */
    public String e164(int party) {
        if (party < 0) {
            return special(party).e164();
        }
        return toE164(subscriberNational(party));
    }

    /** National digits of any party (service codes as exported). */
    public String national(int party) {
        return party < 0 ? special(party).national() : subscriberNational(party);
    }

    static String toE164(String national) {
        return "+86" + (national.startsWith("0") ? national.substring(1) : national);
    }

    /**
     * A party's number in one of the export formats, chosen by {@code pick} in [0, 1): mobiles as
     * national 45%, {@code +86} 30%, {@code 86} 15%, {@code 0086} 10%; landlines similarly without
     * their trunk 0; service codes, 400 lines and SMS gateway codes always as exported.
     */
    public String exported(int party, double pick) {
        Kind kind = party >= 0 ? (isLandline(party) ? Kind.LANDLINE : Kind.MOBILE) : special(party).kind();
        String national = national(party);
        if (kind != Kind.MOBILE && kind != Kind.LANDLINE) {
            return national;
        }
        String significant = national.startsWith("0") ? national.substring(1) : national;
        if (pick < 0.45) {
            return national;
        } else if (pick < 0.75) {
            return "+86" + significant;
        } else if (pick < 0.90) {
            return "86" + significant;
        }
        return "0086" + significant;
    }

    /** The device of a mobile subscriber, or null for landlines and the few without one. */
    public String subscriberImei(int id) {
        if (isLandline(id) || Rng.unit(Rng.hash(seed, 0x1E1, id)) < 0.04) {
            return null;
        }
        return imei(Rng.hash(seed, 0x1E2, id));
    }

    /** Home cell of a subscriber: neighbouring ids share cells, which gives social locality a place. */
    public String homeCell(int id) {
        int area = id / 2_000;
        return cell(area, (int) (Rng.hash(seed, 0xCE11, id) >>> 40) % 24);
    }

    static String cell(int area, int sector) {
        return "460-00-" + (4100 + area % 5000) + "-" + (sector + 1) * 10;
    }

    static String imei(long h) {
        String body = TACS[(int) ((h >>> 3) % TACS.length)] + pad((int) ((h >>> 20) % 1_000_000), 6);
        return body + luhn(body);
    }

    private static int luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    public Special special(int party) {
        return specials.get(-party - 1);
    }

    public int specialCount() {
        return specials.size();
    }

    private int register(String national, Kind kind, String imei, String cell) {
        if (!specialNationals.add(national)) {
            throw new IllegalStateException("number allocated twice: " + national);
        }
        specials.add(new Special(national, toE164(national), kind, imei, cell));
        return -specials.size();
    }

    /** A fresh SIM from the free block positions, with the given device (null: none). */
    public int newMobile(String imei, String cell) {
        if (nextSpareMobile >= domain) {
            throw new IllegalStateException("no free mobile numbers left");
        }
        int pos = permutation.forward(nextSpareMobile++);
        return register(mobileAt(pos), Kind.MOBILE, imei, cell);
    }

    /** A fresh landline in an area code (without trunk 0, e.g. "21", "10", "755"). */
    public int newLandline(String areaCode) {
        int k = landlineCounter++;
        int local = (int) ((k * 7_919L + 1_234_567L) % 10_000_000L);
        return register("0" + areaCode + (areaCode.equals("21") ? "3" : "8") + pad(local, 7), Kind.LANDLINE,
                null, null);
    }

    /** A fresh 400 (shared cost) or 800 (toll-free) line. */
    public int newHotline(boolean tollFree) {
        int k = sharedCostCounter++;
        int local = (int) ((k * 7_919L + 2_345_671L) % 10_000_000L);
        return register((tollFree ? "800" : "400") + pad(local, 7), Kind.SHARED_COST, null, null);
    }

    /** A fresh 5-digit 95xxx service code, or 0 (no party) when all 900 are taken. */
    public int newServiceCode() {
        if (serviceCodeCounter >= 900) {
            return 0;
        }
        int k = serviceCodeCounter++;
        return register("95" + (100 + (k * 37 + 488) % 900), Kind.SERVICE_CODE, null, null);
    }

    /** A fresh 106 SMS gateway code: 106 followed by 5 to 10 digits. */
    public int newSmsGateway(Rng rng) {
        while (true) {
            int extra = rng.between(4, 9);
            String national = "1069" + padLong((long) (rng.nextDouble() * Math.pow(10, extra)), extra);
            if (!specialNationals.contains(national)) {
                return register(national, Kind.SMS_GATEWAY, null, null);
            }
        }
    }

    static String pad(int v, int width) {
        return padLong(v, width);
    }

    static String padLong(long v, int width) {
        String s = Long.toString(v);
        if (s.length() >= width) {
            return s;
        }
        return "0".repeat(width - s.length()) + s;
    }
}
