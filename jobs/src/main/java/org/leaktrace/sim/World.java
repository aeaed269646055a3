package org.leaktrace.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The static part of a world: numbers, organizations and their customers, leaks, campaigns and
 * look-alikes. Campaign traffic is planned here, up front, into per-day pending buffers; the
 * everyday traffic is generated day by day by {@link DayGenerator}.
 *
 * <p>Sizes. Organizations whose customers are a share of everyone (banks 8-30% each, national
 * couriers 20-40%, the disease-control centre 8-15%, hospitals 3-8%, insurers 2-6%, retailers
 * 0.5-5%) come in fixed numbers; organizations with a few hundred customers (schools 150-600
 * parents, property agencies 80-400, clinics 100-800, hotels 80-500, unregistered businesses
 * 50-300) grow in number with the subscribers. Small organizations draw 85% of their customers
 * from a neighbourhood of subscriber ids (the same neighbourhoods social contacts come from).
 * Each customer list grows by 1-3% of its base per day.
 */
final class World {

    static final int DAY = 86_400;
    /** How many campaigns one leaked list is sold to at most (automatic campaign counts). */
    private static final int MAX_SALES = 3;
    private static final String[] DISTRICTS = {
        "Xuhui", "Pudong", "Minhang", "Jing'an", "Huangpu", "Changning", "Putuo", "Hongkou", "Yangpu",
        "Baoshan", "Songjiang", "Jiading"};

    final WorldConfig cfg;
    final int subscribers;
    final int days;
    final int warmupDays;
    final NumberPlan plan;
    final List<Organization> orgs = new ArrayList<>();
    final List<Leak> leaks = new ArrayList<>();
    final List<Campaign> campaigns = new ArrayList<>();
    final List<Lookalike> lookalikes = new ArrayList<>();
    final Map<Integer, int[]> driversByCourier = new HashMap<>();
    final EventBuffer[] pending;
    final ComplaintBuffer complaints = new ComplaintBuffer();
    private final Rng rng;
    private final Map<String, Integer> idCounters = new HashMap<>();

    private World(WorldConfig cfg) {
        this.cfg = cfg;
        this.subscribers = cfg.subscribers();
        this.days = cfg.days();
        this.warmupDays = Math.min(7, days);
        this.plan = new NumberPlan(cfg.seed(), subscribers);
        this.pending = new EventBuffer[days];
        this.rng = new Rng(Rng.hash(cfg.seed(), 0x3011D));
    }

    static World build(WorldConfig cfg) {
        World w = new World(cfg);
        w.buildOrganizations();
        w.buildLookalikes();
        w.buildLeaks();
        w.buildCampaigns();
        return w;
    }

    /** Files an event into the pending buffer of its day; events after the period never happen. */
    void schedule(int t, int from, int to, int seconds, boolean sms, boolean answered) {
        int day = t / DAY;
        if (t < 0 || day >= days) {
            return;
        }
        if (pending[day] == null) {
            pending[day] = new EventBuffer(256);
        }
        pending[day].add(t, from, to, seconds, sms, answered);
    }

    /** Files a complaint; one that would arrive after the period is never seen, and false is returned. */
    boolean complain(int t, int reporter, int reported, ComplaintCategory category, int text) {
        if (t >= 0 && t < days * DAY) {
            complaints.add(t, reporter, reported, category, text);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- organizations

    private void buildOrganizations() {
        int s = subscribers;
        for (int i = 0; i < Math.max(2, s / 2_500); i++) {
            localOrg(OrgCategory.SCHOOL, schoolName(), rng.between(150, 600), true, new String[] {"land", "sms?"});
        }
        for (int i = 0; i < Math.max(2, s / 4_000); i++) {
            localOrg(OrgCategory.PROPERTY_AGENCY, district() + " Homeway Realty, Store " + rng.between(1, 60),
                    rng.between(80, 400), true, new String[] {"land", "400?"});
        }
        shareOrg(OrgCategory.HEALTHCARE, "Shanghai Municipal Center for Disease Control", rng.uniform(0.08, 0.15),
                new String[] {"land", "sms"}, true);
        for (int i = 0; i < Math.max(1, s / 10_000) && i < 20; i++) {
            shareOrg(OrgCategory.HEALTHCARE, district() + " District Central Hospital", rng.uniform(0.03, 0.08),
                    new String[] {"land", "sms"}, false);
        }
        for (int i = 0; i < Math.max(2, s / 5_000); i++) {
            localOrg(OrgCategory.HEALTHCARE, district() + " " + pick("Dental", "Family", "Eye", "Children's")
                    + " Clinic", rng.between(100, 800), true, new String[] {"land", "sms?"});
        }
        String[] couriers = {"SwiftParcel Express", "Cloudway Logistics"};
        int national = rng.chance(0.5) ? 1 : 2;
        for (int i = 0; i < national; i++) {
            shareOrg(OrgCategory.COURIER, couriers[i], rng.uniform(0.2, 0.4) / (national == 2 ? 1.4 : 1.0),
                    new String[] {"95", "sms", "400?"}, false);
        }
        for (int i = 0; i < Math.max(1, s / 20_000) && i < 10; i++) {
            shareOrg(OrgCategory.COURIER, pick("Jiangnan", "Huangpu River", "Eastern") + " Same-Day Courier "
                    + (i + 1), rng.uniform(0.03, 0.08), new String[] {"400", "sms"}, false);
        }
        for (int i = 0; i < Math.max(2, s / 4_000); i++) {
            localOrg(OrgCategory.HOTEL, district() + " " + pick("Garden", "Riverside", "Grand", "Bund View")
                    + " Hotel", rng.between(80, 500), false, new String[] {"land", "400?", "sms?"});
        }
        String[] banks = {"Huaxia Commerce Bank", "China Harbor Bank", "Pudong Credit Bank",
            "Eastern Agricultural Bank", "Yangtze Merchants Bank", "Silk Road Savings"};
        for (int i = 0; i < Math.min(3 + s / 200_000, 12); i++) {
            shareOrg(OrgCategory.BANK, banks[i % banks.length] + (i >= banks.length ? " " + (i / banks.length + 1) : ""),
                    rng.uniform(0.08, 0.3), new String[] {"95", "sms", "400?"}, false);
        }
        for (int i = 0; i < Math.min(2 + s / 100_000, 20); i++) {
            shareOrg(OrgCategory.INSURANCE, pick("Pacific Shield", "Great Wall", "Jade Harbor", "Lotus Mutual")
                    + " Insurance" + (i >= 4 ? " " + i : ""), rng.uniform(0.02, 0.06), new String[] {"95", "sms"}, false);
        }
        for (int i = 0; i < Math.min(40, Math.max(3, s / 3_000)); i++) {
            shareOrg(OrgCategory.RETAIL, pick("FreshMart", "Dragon Electronics", "Lotus Mall", "\"Good Life\" Home")
                    + (i >= 4 ? " " + i : ""), rng.uniform(0.005, 0.05), new String[] {"400", "sms"}, false);
        }
        for (int i = 0; i < Math.max(2, s / 5_000); i++) {
            unregisteredOrg(i);
        }
    }

    private String nextId(String prefix) {
        int n = idCounters.merge(prefix, 1, Integer::sum);
        return prefix + "-" + NumberPlan.pad(n, 3);
    }

    private String district() {
        return DISTRICTS[rng.nextInt(DISTRICTS.length)];
    }

    private String pick(String... options) {
        return options[rng.nextInt(options.length)];
    }

    private String schoolName() {
        return rng.chance(0.6) ? district() + " No." + rng.between(1, 30) + " Primary School"
                : district() + " Experimental Middle School, Campus " + rng.between(1, 4);
    }

    private static String prefixOf(OrgCategory c) {
        switch (c) {
            case SCHOOL: return "SCH";
            case PROPERTY_AGENCY: return "PRA";
            case HEALTHCARE: return "HLT";
            case COURIER: return "CUR";
            case HOTEL: return "HTL";
            case BANK: return "BNK";
            case INSURANCE: return "INS";
            default: return "RTL";
        }
    }

    /** Numbers by recipe: "land", "400", "95", "sms"; a trailing "?" makes it a coin flip. */
    private int[] numbers(String[] recipe, int[] smsOut) {
        List<Integer> out = new ArrayList<>();
        smsOut[0] = 0;
        for (String r : recipe) {
            boolean optional = r.endsWith("?");
            String kind = optional ? r.substring(0, r.length() - 1) : r;
            if (optional && !rng.chance(0.5)) {
                continue;
            }
            int party;
            switch (kind) {
                case "land": party = plan.newLandline("21"); break;
                case "400": party = plan.newHotline(rng.chance(0.2)); break;
                case "95": {
                    party = plan.newServiceCode();
                    if (party == 0) {
                        party = plan.newHotline(false);
                    }
                    break;
                }
                default: party = plan.newSmsGateway(rng); smsOut[0] = party; break;
            }
            out.add(party);
        }
        int[] arr = new int[out.size()];
        for (int i = 0; i < arr.length; i++) {
            arr[i] = out.get(i);
        }
        return arr;
    }

    private double joinRate() {
        return rng.uniform(0.01, 0.03);
    }

    private void localOrg(OrgCategory category, String name, int size, boolean local, String[] recipe) {
        int n = Math.max(20, Math.min(size, subscribers / 25));
        int center = rng.nextInt(subscribers);
        int window = Math.max(50, n * 4);
        int[] members = new int[n];
        for (int i = 0; i < n; i++) {
            int id;
            if (local && rng.chance(0.85)) {
                id = Math.floorMod(center + rng.between(-window, window), subscribers);
            } else {
                id = rng.nextInt(subscribers);
            }
            members[i] = id;
        }
        addOrg(category, name, true, recipe, dedupe(members), false);
    }

    private void shareOrg(OrgCategory category, String name, double share, String[] recipe, boolean cdc) {
        int[] members = new int[Math.max(16, (int) (subscribers * share * 1.2))];
        int count = 0;
        double logq = Math.log(1 - share);
        long id = -1;
        while (true) {
            id += 1 + (long) Math.floor(Math.log(1 - rng.nextDouble()) / logq);
            if (id >= subscribers) {
                break;
            }
            if (count == members.length) {
                members = Arrays.copyOf(members, count * 2);
            }
            members[count++] = (int) id;
        }
        addOrg(category, name, true, recipe, Arrays.copyOf(members, count), cdc);
    }

    private void unregisteredOrg(int i) {
        int kind = i % 4;
        String name;
        OrgCategory category;
        int number;
        switch (kind) {
            case 0:
                name = pick("Bright Star", "Top Scholar", "Little Genius") + " Tutoring Centre (" + district() + ")";
                category = OrgCategory.SCHOOL;
                number = plan.newLandline("21");
                break;
            case 1:
                name = "Dr. " + pick("Wang", "Li", "Zhang", "Chen") + "'s Dental Practice";
                category = OrgCategory.HEALTHCARE;
                number = plan.newLandline("21");
                break;
            case 2:
                name = pick("Liu", "Zhao", "Huang") + "'s Property Services";
                category = OrgCategory.PROPERTY_AGENCY;
                number = plan.newMobile(NumberPlan.imei(rng.nextLong()), NumberPlan.cell(rng.nextInt(50), 3));
                break;
            default:
                name = pick("Sunny", "Happy") + " Home Renovation";
                category = OrgCategory.RETAIL;
                number = plan.newMobile(NumberPlan.imei(rng.nextLong()), NumberPlan.cell(rng.nextInt(50), 7));
                break;
        }
        int n = Math.min(rng.between(50, 300), subscribers / 25);
        int center = rng.nextInt(subscribers);
        int window = Math.max(50, n * 4);
        int[] members = new int[n];
        for (int k = 0; k < n; k++) {
            members[k] = rng.chance(0.85) ? Math.floorMod(center + rng.between(-window, window), subscribers)
                    : rng.nextInt(subscribers);
        }
        int[] sorted = dedupe(members);
        int[] join = joinDays(sorted.length);
        Organization org = new Organization(orgs.size(), nextId("UNR"), name, category, false, new int[] {number},
                plan.canText(number) ? number : 0, false, sorted, join, rng.nextLong());
        orgs.add(org);
    }

    private void addOrg(OrgCategory category, String name, boolean registered, String[] recipe, int[] members,
            boolean cdc) {
        int[] sms = new int[1];
        int[] nums = numbers(recipe, sms);
        orgs.add(new Organization(orgs.size(), nextId(prefixOf(category)), name, category, registered, nums, sms[0],
                cdc, members, joinDays(members.length), rng.nextLong()));
    }

    private int[] joinDays(int n) {
        double rate = joinRate();
        double pNew = rate * days / (1 + rate * days);
        int[] join = new int[n];
        for (int i = 0; i < n; i++) {
            join[i] = rng.chance(pNew) ? rng.nextInt(days) : -1;
        }
        return join;
    }

    private static int[] dedupe(int[] ids) {
        int[] copy = ids.clone();
        Arrays.sort(copy);
        int n = 0;
        for (int i = 0; i < copy.length; i++) {
            if (i == 0 || copy[i] != copy[i - 1]) {
                copy[n++] = copy[i];
            }
        }
        return Arrays.copyOf(copy, n);
    }

    // ---------------------------------------------------------------- look-alikes

    private void buildLookalikes() {
        int group = 0;
        for (Organization o : orgs) {
            if (o.category != OrgCategory.COURIER) {
                continue;
            }
            double meanPeriod = (o.category.minPeriodDays + o.category.maxPeriodDays) / 2.0;
            double driverCallsPerDay = o.size() / meanPeriod * 0.9 * 0.7;
            int n = (int) Math.max(2, Math.ceil(driverCallsPerDay / 40));
            int[] drivers = new int[n];
            for (int i = 0; i < n; i++) {
                drivers[i] = plan.newMobile(NumberPlan.imei(rng.nextLong()),
                        NumberPlan.cell((int) ((long) i * subscribers / n / 2_000), rng.nextInt(24)));
                lookalikes.add(new Lookalike(drivers[i], Lookalike.Kind.COURIER_DRIVER, o, group++, 0, 0.85, false, 0, 0));
            }
            driversByCourier.put(o.index, drivers);
        }
        List<Organization> centreCandidates = new ArrayList<>();
        for (Organization o : orgs) {
            if (o.registered && (o.category == OrgCategory.BANK || o.category == OrgCategory.INSURANCE
                    || o.category == OrgCategory.RETAIL)) {
                centreCandidates.add(o);
            }
        }
        int centres = Math.min(centreCandidates.size(), Math.min(6, 2 + subscribers / 100_000));
        for (int c = 0; c < centres; c++) {
            Organization o = centreCandidates.remove(rng.nextInt(centreCandidates.size()));
            int lines = rng.between(2, 6);
            int g = group++;
            for (int l = 0; l < lines; l++) {
                lookalikes.add(new Lookalike(plan.newLandline("21"), Lookalike.Kind.CALL_CENTRE, o, g,
                        rng.between(20, 60), rng.uniform(0.6, 0.8), false, 0, 0));
            }
        }
        int dialers = Math.min(200, Math.max(3, subscribers / 5_000));
        for (int d = 0; d < dialers; d++) {
            boolean simBox = rng.chance(0.3);
            int numbers = simBox ? rng.between(3, 8) : 1;
            String imei = NumberPlan.imei(rng.nextLong());
            String cell = NumberPlan.cell(rng.nextInt(100), rng.nextInt(24));
            boolean sequential = rng.chance(0.3);
            int first = rng.nextInt(Math.max(1, days / 2));
            double answer = rng.uniform(0.15, 0.4);
            double complaint = rng.uniform(0.01, 0.04);
            int g = group++;
            for (int k = 0; k < numbers; k++) {
                int party = plan.newMobile(simBox || rng.chance(0.8) ? (simBox ? imei : NumberPlan.imei(rng.nextLong()))
                        : null, cell);
                lookalikes.add(new Lookalike(party, Lookalike.Kind.RANDOM_DIALER, null, g, rng.between(40, 200), answer,
                        sequential, complaint, first));
            }
        }
    }

    // ---------------------------------------------------------------- leaks

    private double leakWeight(Organization o) {
        if (!o.registered) {
            return 2;
        }
        switch (o.category) {
            case SCHOOL: case PROPERTY_AGENCY: return 3;
            case HOTEL: case INSURANCE: case RETAIL: return 2;
            case HEALTHCARE: return o.diseaseControl ? 1 : 1.5;
            default: return 0.5;
        }
    }

    private void buildLeaks() {
        int count = cfg.campaignsSet() ? leaksForCampaigns(cfg.campaigns())
                : Math.max(2, 3 + (int) Math.round(Math.log(subscribers / 5_000.0) / Math.log(2))) + rng.nextInt(2);
        int minDay = Math.min(warmupDays + 1, Math.max(0, days - 2));
        int maxDay = Math.max(minDay, days - 7);
        Set<Organization> chosen = new LinkedHashSet<>();
        if (subscribers >= 10_000) {
            List<Organization> unregistered = new ArrayList<>();
            for (Organization o : orgs) {
                if (!o.registered) {
                    unregistered.add(o);
                }
            }
            chosen.add(unregistered.get(rng.nextInt(unregistered.size())));
        }
        double total = 0;
        for (Organization o : orgs) {
            total += leakWeight(o);
        }
        while (chosen.size() < Math.min(count, orgs.size())) {
            double x = rng.nextDouble() * total;
            for (Organization o : orgs) {
                x -= leakWeight(o);
                if (x <= 0) {
                    chosen.add(o);
                    break;
                }
            }
        }
        int k = 0;
        for (Organization o : chosen) {
            int leakSecond = rng.between(minDay, maxDay) * DAY + rng.nextInt(DAY);
            int[] list = new int[o.size()];
            int n = 0;
            for (int i = 0; i < o.size(); i++) {
                if (o.joinSecond(i) < leakSecond) {
                    list[n++] = o.customers[i];
                }
            }
            leaks.add(new Leak("LEAK-" + NumberPlan.pad(++k, 2), o, leakSecond, Arrays.copyOf(list, n)));
        }
    }

    // ---------------------------------------------------------------- campaigns

    /**
     * Leaks a world with a set campaign count gets: one list per two campaigns, as the automatic
     * worlds have (about 1.5 campaigns per leak, a third of them buying a second list).
     */
    static int leaksForCampaigns(int campaigns) {
        return Math.max(1, (campaigns + 1) / 2);
    }

    private void buildCampaigns() {
        int l = leaks.size();
        boolean set = cfg.campaignsSet();
        int count = set ? cfg.campaigns() : l + (int) Math.round(l * 0.5) + rng.nextInt(3);
        // A set count must be reached even when there are fewer organizations to leak than
        // leaksForCampaigns asks for, so each list may then be resold more often.
        int resales = set ? Math.max(MAX_SALES, (count + l - 1) / l) : MAX_SALES;
        int[] sold = new int[l];
        for (int c = 0; c < count; c++) {
            List<Leak> bought = new ArrayList<>();
            int first = c < l ? c : resaleCandidate(sold, resales);
            if (first < 0) {
                break;
            }
            bought.add(leaks.get(first));
            sold[first]++;
            // With a set count, a second list is bought only while the sales left cover the
            // campaigns still to plan, so that every one of them gets a list.
            boolean spare = !set || unsold(sold, resales) > count - c - 1;
            if (rng.chance(0.3) && spare) {
                int second = resaleCandidate(sold, resales);
                if (second >= 0 && second != first) {
                    bought.add(leaks.get(second));
                    sold[second]++;
                }
            }
            campaigns.add(planCampaign("CMP-" + NumberPlan.pad(c + 1, 2), bought));
        }
    }

    private static int unsold(int[] sold, int maxSales) {
        int left = 0;
        for (int s : sold) {
            left += Math.max(0, maxSales - s);
        }
        return left;
    }

    private int resaleCandidate(int[] sold, int maxSales) {
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < sold.length; i++) {
            if (sold[i] < maxSales) {
                open.add(i);
            }
        }
        return open.isEmpty() ? -1 : open.get(rng.nextInt(open.size()));
    }

    private Campaign planCampaign(String id, List<Leak> bought) {
        Set<Integer> seen = new LinkedHashSet<>();
        int latestLeak = 0;
        for (Leak leak : bought) {
            latestLeak = Math.max(latestLeak, leak.leakSecond());
            for (int v : leak.list()) {
                seen.add(v);
            }
        }
        int[] listed = seen.stream().mapToInt(Integer::intValue).toArray();
        shuffle(listed);
        double padding = rng.chance(0.25) ? 0 : rng.uniform(0.05, 0.5);
        int activeDays = rng.between(2, 6);
        int numbers = rng.chance(0.2) ? rng.between(1, 3) : (int) Math.max(2, Math.min(40,
                Math.round(listed.length / rng.uniform(8, 30))));
        int perNumberPerDay = Math.min(150, rng.between(8, 40) * (numbers <= 3 ? 4 : 1));
        int capacity = numbers * perNumberPerDay * activeDays;
        int listPart = (int) Math.min(listed.length, Math.round(capacity * (1 - padding)));
        int padPart = (int) Math.round(listPart * padding / (1 - padding));
        Set<Integer> targets = new LinkedHashSet<>();
        for (int i = 0; i < listPart; i++) {
            targets.add(listed[i]);
        }
        int guard = 0;
        while (targets.size() < listPart + padPart && guard++ < padPart * 10) {
            targets.add(rng.nextInt(subscribers));
        }
        int[] order = targets.stream().mapToInt(Integer::intValue).toArray();
        Campaign.DialOrder dialOrder = rng.chance(0.2) ? Campaign.DialOrder.SEQUENTIAL : Campaign.DialOrder.SHUFFLED;
        if (dialOrder == Campaign.DialOrder.SEQUENTIAL) {
            order = Arrays.stream(order).boxed()
                    .sorted((a, b) -> Long.compare(Long.parseLong(plan.subscriberNational(a)),
                            Long.parseLong(plan.subscriberNational(b))))
                    .mapToInt(Integer::intValue).toArray();
        } else {
            shuffle(order);
        }
        double styleRoll = rng.nextDouble();
        Campaign.DeviceStyle style = styleRoll < 0.5 ? Campaign.DeviceStyle.SIM_BOX
                : styleRoll < 0.8 ? Campaign.DeviceStyle.DEVICE_PER_NUMBER : Campaign.DeviceStyle.NO_IMEI;
        String sharedImei = style == Campaign.DeviceStyle.SIM_BOX ? NumberPlan.imei(rng.nextLong()) : null;
        String boxCell = NumberPlan.cell(rng.nextInt(200), rng.nextInt(24));
        boolean spoofedLandlines = style == Campaign.DeviceStyle.NO_IMEI && rng.chance(0.5);
        String[] areas = {"10", "20", "755", "571", "28"};
        int[] callers = new int[numbers];
        for (int i = 0; i < numbers; i++) {
            switch (style) {
                case SIM_BOX: callers[i] = plan.newMobile(sharedImei, boxCell); break;
                case DEVICE_PER_NUMBER:
                    callers[i] = plan.newMobile(NumberPlan.imei(rng.nextLong()),
                            NumberPlan.cell(rng.nextInt(200), rng.nextInt(24)));
                    break;
                default:
                    callers[i] = spoofedLandlines ? plan.newLandline(areas[rng.nextInt(areas.length)])
                            : plan.newMobile(null, null);
            }
        }
        ComplaintCategory category = rng.chance(0.6) ? ComplaintCategory.FRAUD : ComplaintCategory.SPAM_MARKETING;
        Campaign c = new Campaign(id, bought, callers, style, dialOrder, sharedImei, padding, order, listPart, category);
        int leakDay = latestLeak / DAY;
        int startDay = leakDay + rng.between(1, Math.max(1, Math.min(7, days - 3 - leakDay)));
        generateCampaignTraffic(c, startDay, activeDays);
        return c;
    }

    private void generateCampaignTraffic(Campaign c, int startDay, int activeDays) {
        int n = c.targets.length;
        int perDay = (int) Math.ceil(n / (double) activeDays);
        int k = c.callers.length;
        boolean block = rng.chance(0.5);
        int blockLen = rng.between(5, 15);
        double answerRate = rng.uniform(0.2, 0.5);
        double complaintRate = rng.uniform(0.03, 0.15);
        double smsShare = rng.chance(0.5) ? 0 : rng.uniform(0.1, 0.4);
        double window = 11.5 * 3600;
        for (int i = 0; i < n; i++) {
            int day = startDay + i / perDay;
            double slot = window / perDay;
            int t = day * DAY + 9 * 3600 + (int) ((i % perDay) * slot + rng.nextDouble() * slot);
            int caller = c.callers[block ? (i / blockLen) % k : i % k];
            campaignCall(c, t, caller, c.targets[i], answerRate, complaintRate, smsShare);
            if (rng.chance(0.3)) {
                int retry = t + DAY + rng.between(-3600, 3600);
                campaignCall(c, retry, c.callers[(i + 1) % k], c.targets[i], answerRate * 0.8, complaintRate, 0);
            }
        }
    }

    private void campaignCall(Campaign c, int t, int caller, int victim, double answerRate, double complaintRate,
            double smsShare) {
        if (t >= days * DAY) {
            return;
        }
        boolean answered = rng.chance(answerRate);
        int duration = answered ? (int) Math.max(5, Math.min(60, rng.lognormal(20, 0.6))) : 0;
        schedule(t, caller, victim, duration, false, answered);
        c.recordEvent(t, false);
        if (answered) {
            c.answered++;
            if (rng.chance(complaintRate)) {
                if (complain(t + rng.between(3600, DAY), victim, caller, c.complaintCategory, rng.nextInt(1000))) {
                    c.complaints++;
                }
            }
        } else if (smsShare > 0 && plan.canText(caller) && !plan.isLandline(victim) && rng.chance(smsShare)) {
            int ts = t + rng.between(60, 300);
            if (ts < days * DAY) {
                schedule(ts, caller, victim, 0, true, true);
                c.recordEvent(ts, true);
            }
        }
        if (rng.chance(0.05)) {
            boolean back = rng.chance(0.4);
            schedule(t + rng.between(600, 6 * 3600), victim, caller, back ? rng.between(5, 30) : 0, false, back);
        }
    }

    private void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
