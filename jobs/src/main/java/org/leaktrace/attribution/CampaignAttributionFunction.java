package org.leaktrace.attribution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.leaktrace.caller.SharedDeviceFunction;
import org.leaktrace.campaign.CampaignIds;
import org.leaktrace.campaign.CampaignLinker;
import org.leaktrace.campaign.FlinkCampaignStore;
import org.leaktrace.campaign.LinkResult;
import org.leaktrace.campaign.Merge;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.schema.Organization;
import org.leaktrace.schema.internal.AttributionInput;
import org.leaktrace.schema.internal.CallerRisk;
import org.leaktrace.schema.internal.SourceSize;
import org.leaktrace.schema.internal.VictimContact;
import org.leaktrace.sink.Pseudonymizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Links risky callers into campaigns and attributes each campaign to the source its victims'
 * earlier touchpoints over-represent.
 *
 * <p>One instance sees everything (keyed by one constant, parallelism 1): merging two campaigns
 * must move the evidence of both, which would need a distributed protocol if campaigns lived on
 * different subtasks. Only risky callers' cold contacts arrive, a few percent of all calls, so
 * one subtask suffices; keyed state (not operator state) keeps RocksDB, per-entry MapState
 * access and timers available.
 *
 * <p>Inputs are applied in event-time order: one ahead of the watermark waits (keyed map state
 * by time, one event-time timer per distinct time) until the watermark passes it. The callers'
 * stages run in parallel and reach this operator at different speeds, most of all in a replay;
 * taken as they came, a campaign's contacts from one subtask would be tested before the
 * other's earlier ones had arrived, and a suspicion would be detected later (in event time,
 * counted in calls) than its evidence allowed, by an amount that changed from run to run.
 * Inputs of one time are applied in {@link SameTimeOrder}, not as they arrived.
 * Inputs at or behind the watermark (contacts a caller buffered until it was judged) are
 * applied at once: they are evidence that became available late. A live stream turns the wait
 * off ({@link AttributionConfig#eventTimeOrder()}).
 *
 * <p>Outputs: {@link LeakSuspicion} on the main output, {@link CallerAlert} on
 * {@link #CALLER_ALERTS}. Campaigns inactive for {@code campaignTtl} of event time are forgotten
 * with all their state by event-time timers (Flink's own state TTL runs on processing time, which
 * a replay does not advance like the data).
 */
public class CampaignAttributionFunction
        extends KeyedBroadcastProcessFunction<Byte, AttributionInput, Organization, LeakSuspicion> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CampaignAttributionFunction.class);

    /** The population of active subscribers in {@link SourceSize#getSource()}. */
    public static final String POPULATION = "*";

    /** The reason added to a fresh number's profile when the pool of its source blames it. */
    public static final String POOLED_REASON = "pooled_by_source";

    /** Early contacts kept per fresh number; the caller stage sends at most its earlyMaxCalls. */
    static final int EARLY_CONTACTS_KEPT = 16;

    /** Caller alerts, a side output. */
    public static final OutputTag<CallerAlert> CALLER_ALERTS =
            new OutputTag<>("caller-alerts", new AvroTypeInfo<>(CallerAlert.class));

    /** Directory by number; deleted numbers stay as tombstones to override the initial directory. */
    public static final MapStateDescriptor<String, Organization> DIRECTORY_NUMBERS =
            new MapStateDescriptor<>("directory-numbers", Types.STRING,
                    new AvroTypeInfo<>(Organization.class));

    /** Directory by org_id, the latest live record: names sources. */
    public static final MapStateDescriptor<String, Organization> DIRECTORY_ORGS =
            new MapStateDescriptor<>("directory-orgs", Types.STRING,
                    new AvroTypeInfo<>(Organization.class));

    /** Victims' pseudonyms remembered: about 200 bytes each on the heap. */
    static final int PSEUDONYMS_KEPT = 20_000;

    private final AttributionConfig config;
    private final Pseudonymizer pseudonymizer;
    private final HashMap<String, DirectoryEntry> initialByNumber = new HashMap<>();
    private final HashMap<String, DirectoryEntry> initialByOrg = new HashMap<>();
    private final LeakDating leakDating = LeakDating.defaults();

    private transient CampaignLinker linker;
    /** {@link #pseudonymizer}, remembering the victims it named last. */
    private transient UnaryOperator<String> pseudonymOf;
    private transient SuspicionRules rules;
    private transient SourceLinks sourceLinks;
    private transient CampaignEvidence evidence;
    private transient EarlyPool early;
    private transient MapState<String, Long> sourceSizes;
    /** {@link #sourceSizes} as a table, read and written through it (cached with RocksDB). */
    private transient EvidenceTable<Long> sizes;
    /** Whether the small tables' reads are cached: state is in RocksDB. */
    private transient boolean cacheReads;
    /** How many sources {@link #sourceSizes} holds (the population aside); null until counted. */
    private transient ValueState<Integer> knownSources;
    private transient MapState<String, long[]> sourceArrivals;
    private transient MapState<String, CallerRisk> callerRisks;
    private transient MapState<String, String> alertedCampaign;
    private transient MapState<String, String[]> sourceCampaigns;
    private transient MapState<Long, List<AttributionInput>> pending;
    private transient Counter invalidInputs;
    /** The broadcast directory as of the element being processed. */
    private transient ReadOnlyBroadcastState<String, Organization> directoryNumbers;
    private transient ReadOnlyBroadcastState<String, Organization> directoryOrgs;

    public CampaignAttributionFunction(
            AttributionConfig config, Pseudonymizer pseudonymizer,
            List<Organization> initialDirectory) {
        this.config = Objects.requireNonNull(config);
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer);
        for (Organization org : initialDirectory) {
            if (!org.getDeleted()) {
                initialByNumber.put(org.getNumber(), DirectoryEntry.of(org));
                initialByOrg.put(org.getOrgId(), DirectoryEntry.of(org));
            }
        }
    }

    /** The one key everything is keyed by. */
    public static final class ConstantKey implements KeySelector<AttributionInput, Byte> {
        private static final long serialVersionUID = 1L;

        @Override
        public Byte getKey(AttributionInput value) {
            return 0;
        }
    }

    @Override
    public void open(OpenContext openContext) {
        linker = new CampaignLinker(
                FlinkCampaignStore.open(getRuntimeContext(), config.campaignTtl()),
                config.linkingRules());
        rules = new SuspicionRules(config);
        pseudonymOf = pseudonymizer.remembering(PSEUDONYMS_KEPT);
        sourceLinks = new SourceLinks(config);
        cacheReads = stateInRocksDb();
        evidence = new CampaignEvidence(
                table("campaign-summaries", TypeInformation.of(CampaignSummaryState.class), 10_000),
                table("campaign-victims", TypeInformation.of(VictimState.class), 0),
                table("campaign-victim-order", Types.STRING, 0),
                table("campaign-source-counts", TypeInformation.of(SourceCount.class), 50_000),
                table("source-pools", BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO, 2_000),
                config.serviceWindow().toMillis(), config.minVictims());
        early = new EarlyPool(
                table("early-callers", InputListSerializer.TYPE, 0),
                table("early-sums", PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO, 20_000),
                table("early-candidates", BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO, 2_000),
                table("early-hours", BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO, 20_000),
                table("early-marks", Types.LONG, 1_000),
                sourceLinks,
                EARLY_CONTACTS_KEPT,
                config.maxTouchesPerVictim(),
                config.serviceWindow().toMillis());
        sourceSizes = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("source-sizes", Types.STRING, Types.LONG));
        sizes = readThrough(EvidenceTable.of(sourceSizes), 20_000);
        knownSources = getRuntimeContext().getState(new ValueStateDescriptor<>("known-sources", Types.INT));
        sourceArrivals = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "source-arrivals", Types.STRING, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        callerRisks = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "caller-risks", Types.STRING, new AvroTypeInfo<>(CallerRisk.class)));
        alertedCampaign = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("alerted-campaign", Types.STRING, Types.STRING));
        sourceCampaigns = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "source-campaigns", Types.STRING, BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-inputs", Types.LONG,
                InputListSerializer.TYPE));
        invalidInputs = getRuntimeContext().getMetricGroup().counter("attributionInvalidInputs");
    }

    /** A table of evidence, with RocksDB behind a cache of {@code cachedEntries} keys when that is above 0. */
    private <V> EvidenceTable<V> table(String name, TypeInformation<V> type, int cachedEntries) {
        return readThrough(EvidenceTable.of(getRuntimeContext().getMapState(
                new MapStateDescriptor<>(name, Types.STRING, type))), cachedEntries);
    }

    /** {@code table}, behind a cache of {@code cachedEntries} keys with RocksDB when that is above 0. */
    private <V> EvidenceTable<V> readThrough(EvidenceTable<V> table, int cachedEntries) {
        return cacheReads && cachedEntries > 0 ? EvidenceTable.cached(table, cachedEntries) : table;
    }

    /**
     * Whether keyed state is in RocksDB, as the job's configuration says (LeakTrace's jobs set
     * {@code state.backend.type} themselves). There the small tables read for nearly every input
     * are cached ({@link EvidenceTable#cached}): with 160 campaigns, RocksDB's gets were most of
     * attribution's time after its walks were kept.
     */
    private boolean stateInRocksDb() {
        boolean rocksDb = getRuntimeContext() instanceof StreamingRuntimeContext streaming
                && "rocksdb".equalsIgnoreCase(streaming.getJobConfiguration().get(StateBackendOptions.STATE_BACKEND));
        LOG.info("Attribution state in {}: {} reads cached", rocksDb ? "RocksDB" : "the heap", rocksDb ? "its small tables'" : "no");
        return rocksDb;
    }

    @Override
    public void processElement(
            AttributionInput input, ReadOnlyContext ctx, Collector<LeakSuspicion> out)
            throws Exception {
        String problem = problemOf(input);
        if (problem != null) {
            invalidInputs.inc();
            LOG.warn("Ignoring attribution input: {}", problem);
            return;
        }
        long timeMs = input.getTimeMs();
        if (config.eventTimeOrder() && timeMs > ctx.timerService().currentWatermark()) {
            List<AttributionInput> waiting = pending.get(timeMs);
            List<AttributionInput> grown = waiting == null ? new ArrayList<>(1) : new ArrayList<>(waiting);
            grown.add(input);
            pending.put(timeMs, grown);
            ctx.timerService().registerEventTimeTimer(timeMs);
            return;
        }
        apply(input, ctx, out);
    }

    private void apply(AttributionInput input, ReadOnlyContext ctx, Collector<LeakSuspicion> out)
            throws Exception {
        directoryNumbers = ctx.getBroadcastState(DIRECTORY_NUMBERS);
        directoryOrgs = ctx.getBroadcastState(DIRECTORY_ORGS);
        Emitter emitter = new Emitter(ctx, out);
        long timeMs = input.getTimeMs();
        switch (input.getKind()) {
            case SOURCE_SIZE -> addSize(input.getSize(), timeMs);
            case CALLER_RISK -> onRisk(input.getRisk(), timeMs, emitter);
            case CONTACT -> onContact(input.getContact(), timeMs, emitter);
            case EARLY_CONTACT -> onEarly(input, timeMs, emitter);
        }
    }

    /** Why an input cannot be used, or null. */
    static String problemOf(AttributionInput input) {
        if (input == null || input.getKind() == null) {
            return "no kind";
        }
        return switch (input.getKind()) {
            case SOURCE_SIZE -> input.getSize() == null || blank(input.getSize().getSource())
                    ? "SOURCE_SIZE without source" : null;
            case CALLER_RISK -> input.getRisk() == null || blank(input.getRisk().getCaller())
                    ? "CALLER_RISK without caller" : null;
            case CONTACT -> input.getContact() == null || blank(input.getContact().getCaller())
                    || blank(input.getContact().getVictim())
                    || input.getContact().getTouches() == null
                    ? "CONTACT without caller, victim or touches" : null;
            case EARLY_CONTACT -> input.getRisk() == null || input.getContact() == null
                    || blank(input.getContact().getCaller()) || blank(input.getContact().getVictim())
                    || input.getContact().getTouches() == null
                    ? "EARLY_CONTACT without risk, caller, victim or touches" : null;
        };
    }

    private static boolean blank(CharSequence s) {
        return s == null || s.toString().isBlank();
    }

    @Override
    public void processBroadcastElement(
            Organization org, Context ctx, Collector<LeakSuspicion> out) throws Exception {
        ctx.getBroadcastState(DIRECTORY_NUMBERS).put(org.getNumber(), org);
        if (!org.getDeleted()) {
            ctx.getBroadcastState(DIRECTORY_ORGS).put(org.getOrgId(), org);
        }
    }

    private void addSize(SourceSize size, long timeMs) throws Exception {
        String source = size.getSource();
        Long current = sizes.get(source);
        if (current == null && !POPULATION.equals(source) && knownSources.value() != null) {
            knownSources.update(knownSources.value() + 1);
        }
        long updated = Math.max(0, (current == null ? 0 : current) + size.getDelta());
        sizes.put(source, updated);
        if (!POPULATION.equals(source) && size.getDelta() > 0) {
            sourceArrivals.put(source, SourceArrivals.add(sourceArrivals.get(source), timeMs,
                    size.getDelta(), config.arrivalPoints()));
        }
    }

    private void onRisk(CallerRisk risk, long timeMs, Emitter emitter) throws Exception {
        LinkResult link = linker.observeCaller(
                risk.getCaller(), risk.getCallerImei(), risk.getCellId(), timeMs);
        if (sharedDevice(risk)) {
            linker.markSharedDevice(link.campaignId());
        }
        CallerRisk previous = callerRisks.get(risk.getCaller());
        callerRisks.put(risk.getCaller(), risk);
        if (!risk.equals(previous)
                || !link.campaignId().equals(alertedCampaign.get(risk.getCaller()))) {
            emitCallerAlert(risk, link.campaignId(), timeMs, emitter);
        }
        applyMerges(link, timeMs, emitter);
        scheduleExpiry(timeMs, emitter);
    }

    /**
     * Whether the caller stage saw the number's device shared by other cold-calling numbers.
     *
     * <p>The field says so whatever the signal's weight; a risk written before the field existed
     * (restored from an older savepoint, or waiting for the watermark in it) has it false and says
     * so among its reasons, where it is listed only when it weighs enough.
     */
    static boolean sharedDevice(CallerRisk risk) {
        return risk.getSharedDevice() || risk.getReasons().contains(SharedDeviceFunction.SIGNAL);
    }

    private void onContact(VictimContact contact, long timeMs, Emitter emitter) throws Exception {
        LinkResult link = linker.observeContact(contact.getCaller(), contact.getVictim(),
                contact.getCallerImei(), contact.getCellId(), contact.getTimeMs(),
                size(POPULATION));
        applyMerges(link, timeMs, emitter);
        CampaignSummaryState campaign = evidence.loadOrCreate(link.campaignId());
        Set<String> changed = evidence.addContact(campaign, contact.getVictim(),
                contact.getTimeMs(), contact.getTouches(), config.maxVictimsTracked(),
                config.maxTouchesPerVictim());
        if (!changed.isEmpty()) {
            // Saved before the tests too: re-emitting another buyer of a blamed list dates it
            // against this campaign, read from state, which must count the victim just added.
            // The heap hands out this very summary; RocksDB read the one before this contact, and
            // dated 2 of 3,493 suspicion lines differently (20k x 7 days, 160 campaigns).
            evidence.save(campaign);
            evaluate(campaign, changed, timeMs, emitter);
        }
        evidence.save(campaign);
        if (!changed.isEmpty() && config.sourceLinking()) {
            linkBySource(campaign, changed, timeMs, emitter);
        }
        scheduleExpiry(timeMs, emitter);
    }

    /**
     * Pools a fresh number's early contact by the sources its victim touched ({@link EarlyPool})
     * and hands on as risky the numbers of a pool that blames its source, with their contacts; a
     * number already handed on goes on as any risky caller's contact does.
     */
    private void onEarly(AttributionInput input, long timeMs, Emitter emitter) throws Exception {
        VictimContact contact = input.getContact();
        if (callerRisks.contains(contact.getCaller())) {
            onContact(contact, timeMs, emitter);
            return;
        }
        if (!config.sourceLinking()) {
            return;
        }
        scheduleExpiry(timeMs, emitter);
        long population = size(POPULATION);
        EarlyPool.Added added = early.add(input, config.linkWindow().toMillis());
        for (String source : added.touched()) {
            long customers = size(source);
            if (population <= 0 || customers <= 0 || riskyCaller(source)) {
                continue;
            }
            promoteIfBlamed(source, Math.min(1.0, (double) customers / population), population,
                    added.twice().contains(source), timeMs, emitter);
        }
    }

    /**
     * Hands on the fresh numbers pooled under {@code source} when a test of the pool blames it,
     * and joins them into one campaign: with the conditioned test (when this contact gave a
     * number its second hit there, with the small campaigns pooled there), the numbers whose own
     * hits make them members; with the count of the last day's early contacts, the numbers that
     * hit it then. Each test is corrected for both being made.
     */
    private void promoteIfBlamed(String source, double p, long population, boolean twice, long timeMs,
            Emitter emitter) throws Exception {
        int candidates = 2 * candidateSources(source);
        Map<String, EarlyPool.Member> joining = new LinkedHashMap<>();
        if (twice) {
            SourceLinks.PoolSums pool = early.sums(source);
            for (SourceLinks.Pooled campaign
                    : pooledCampaigns(source, timeMs - config.linkWindow().toMillis()).values()) {
                pool = pool.plus(sourceLinks.part(campaign));
            }
            if (sourceLinks.test(pool, p, candidates).passes()) {
                for (EarlyPool.Member m : early.candidates(source)) {
                    if (sourceLinks.member(m.pooled(), p)
                            && source.equals(SourceLinks.strongest(m.victims(), this::size, population))) {
                        joining.put(m.caller(), m);
                    }
                }
            }
        }
        EarlyPool.Surge surge = early.surge(source, timeMs);
        if (surge.hits() >= config.minVictims() && sourceLinks.test(surge, p, candidates).passes()) {
            for (EarlyPool.Member m : early.surgeMembers(surge, source, p, config, this::size, population)) {
                joining.putIfAbsent(m.caller(), m);
            }
            // The hits that blamed it are spent: counted again, the next fresh number with one
            // hit there, which might as well be another operation's whose victim was also a
            // customer, would be handed on by the same evidence. A new count must blame it anew.
            early.clearSurge(source, timeMs);
        }
        String joinedCaller = null;
        for (EarlyPool.Member m : joining.values()) {
            early.remove(m.caller());
            List<AttributionInput> inputs = m.inputs();
            CallerRisk latest = inputs.get(inputs.size() - 1).getRisk();
            List<String> reasons = new ArrayList<>(latest.getReasons());
            reasons.add(POOLED_REASON);
            LOG.debug("Fresh number {} handed on by the pool of source {}", m.caller(), source);
            onRisk(CallerRisk.newBuilder(latest).setReasons(reasons).build(), timeMs, emitter);
            for (AttributionInput in : inputs) {
                onContact(in.getContact(), timeMs, emitter);
            }
            // A number with one hit is no member by its own hits, so the link by source would
            // leave it apart: the pool's numbers are joined here, the first with the one campaign
            // already blamed on the source, as the link by source would.
            String own = linker.campaignOf(m.caller());
            if (own == null || !linkable(own, source)) {
                continue;
            }
            List<String> blamed = joinedCaller == null ? onlyOne(blamedOthers(own, source)) : List.of();
            String joined = joinedCaller != null ? linker.campaignOf(joinedCaller)
                    : blamed.isEmpty() ? null : blamed.get(0);
            if (joined != null && !joined.equals(own) && linkable(joined, source)) {
                applyMerges(linker.linkBySource(joined, own), timeMs, emitter);
            }
            joinedCaller = m.caller();
        }
    }

    /**
     * Links a small campaign with the others working the list of its strongest source, when its
     * new victim touched that source ({@link SourceLinks}), and applies the merge: with the
     * campaigns already blamed on the source, or, when none may be joined, with the small
     * campaigns whose pooled victims blame it. A large campaign has the victims to be tested on
     * its own; small ones join it.
     */
    private void linkBySource(
            CampaignSummaryState campaign, Set<String> changed, long timeMs, Emitter emitter) throws Exception {
        String id = campaign.campaignId;
        long population = size(POPULATION);
        if (population <= 0 || !sourceLinks.pooled(campaign.victims) || linker.deviceGroup(id)) {
            return;
        }
        String source = SourceLinks.strongest(evidence.victims(campaign), this::size, population);
        SourceTally own = source == null || !changed.contains(source) ? null : evidence.tally(campaign, source);
        if (own == null || riskyCaller(source)) {
            return;
        }
        double p = Math.min(1.0, (double) size(source) / population);
        if (!sourceLinks.member(pooled(campaign, own), p) || !linkable(id, source)) {
            return;
        }
        // Blamed on the source alone, it still joins the one other campaign blamed on it (and no
        // pool): a number blamed before it could be linked would otherwise keep every later
        // number apart.
        List<String> blamed = blamedOthers(id, source);
        List<String> partners = !blamed.isEmpty() || CampaignEvidence.suspicion(campaign, source) != null
                ? onlyOne(blamed)
                : poolPartners(id, source, p, timeMs);
        List<Merge> merges = new ArrayList<>();
        for (String other : partners) {
            LinkResult link = linker.linkBySource(id, other);
            id = link.campaignId();
            merges.addAll(link.merges());
            LOG.debug("Campaign {} linked with {} by source {}", campaign.campaignId, other, source);
        }
        if (!merges.isEmpty()) {
            applyMerges(new LinkResult(id, merges), timeMs, emitter);
        }
    }

    /**
     * The campaigns to link with one that works the source's list when no campaign that may be
     * linked is blamed on it: the members of its pool whose strongest source it is, if the pool
     * blames it (a SIM box blamed on the source does not stop other numbers from being joined up).
     */
    private List<String> poolPartners(String id, String source, double p, long timeMs) throws Exception {
        List<String> partners = new ArrayList<>();
        Map<String, SourceLinks.Pooled> pool = pooledCampaigns(source, timeMs - config.linkWindow().toMillis());
        for (Map.Entry<String, SourceLinks.Pooled> e : pool.entrySet()) {
            String other = e.getKey();
            if (!other.equals(id) && sourceLinks.member(e.getValue(), p) && linkable(other, source)
                    && source.equals(SourceLinks.strongest(
                            evidence.victims(evidence.load(other)), this::size, size(POPULATION)))) {
                partners.add(other);
            }
        }
        if (partners.isEmpty() || !sourceLinks.test(List.copyOf(pool.values()), p, knownSources()).passes()) {
            return List.of();
        }
        return partners;
    }

    /** The small campaigns pooled under the source with a contact since {@code sinceMs}, with their hits there. */
    private Map<String, SourceLinks.Pooled> pooledCampaigns(String source, long sinceMs) throws Exception {
        Map<String, SourceLinks.Pooled> pool = new LinkedHashMap<>();
        for (String other : evidence.pool(source)) {
            CampaignSummaryState campaign = evidence.load(other);
            // The summary first: a source's pool lists every campaign that ever hit it, most of
            // them quiet or large, and reading each one's count was 6 % of attribution.
            if (campaign == null || campaign.lastEventMs < sinceMs || !sourceLinks.pooled(campaign.victims)) {
                continue;
            }
            SourceTally tally = evidence.tally(campaign, source);
            if (tally != null) {
                pool.put(other, pooled(campaign, tally));
            }
        }
        return pool;
    }

    /** The other campaigns the source is blamed on that a campaign may be linked with. */
    private List<String> blamedOthers(String id, String source) throws Exception {
        String[] blamed = sourceCampaigns.get(source);
        List<String> others = new ArrayList<>();
        for (String other : blamed == null ? new String[0] : blamed) {
            if (!other.equals(id) && evidence.load(other) != null && linkable(other, source)) {
                others.add(other);
            }
        }
        return others;
    }

    /** Several buyers of a list kept apart: which one the numbers work for is unknown. */
    private static List<String> onlyOne(List<String> blamed) {
        return blamed.size() == 1 ? blamed : List.of();
    }

    private static SourceLinks.Pooled pooled(CampaignSummaryState campaign, SourceTally tally) {
        return new SourceLinks.Pooled(tally.hits(), campaign.victims, tally.serviceLike());
    }

    /** Whether a campaign may be linked by a source: not a SIM box, not its own organization. */
    private boolean linkable(String campaignId, String source) throws Exception {
        return !linker.deviceGroup(campaignId) && !excludedSources(campaignId).contains(source);
    }

    /**
     * The sources a pool's test of {@code source} is corrected for: every source with a known
     * size, or, when {@code source} is already blamed on a campaign, the sources that are.
     *
     * <p>A source already blamed is a list known to be worked; whether fresh numbers calling its
     * customers work it too is a question about those few lists, not about every source in the
     * directory. Held to the correction for all of them (hundreds), a rotating operation's
     * numbers calling a known leak were handed on only after the second or third round. The
     * two families are tested side by side, so chance passes either at most twice as often as
     * one.
     */
    private int candidateSources(String source) throws Exception {
        if (sourceCampaigns.get(source) == null) {
            return knownSources();
        }
        int blamed = 0;
        for (String ignored : sourceCampaigns.keys()) {
            blamed++;
        }
        return Math.min(blamed, knownSources());
    }

    /** The number of sources with a known size: every source a pool could be tested for. */
    private int knownSources() throws Exception {
        Integer known = knownSources.value();
        if (known == null) {
            int count = 0;
            for (String source : sourceSizes.keys()) {
                count += POPULATION.equals(source) ? 0 : 1;
            }
            known = count;
            knownSources.update(known);
        }
        return known;
    }

    /** Moves absorbed campaigns' evidence into survivors, then re-tests the survivors. */
    private void applyMerges(LinkResult link, long timeMs, Emitter emitter) throws Exception {
        Set<String> survivors = new LinkedHashSet<>();
        for (Merge merge : link.merges()) {
            LOG.debug("Campaign {} merged into {}", merge.absorbed(), merge.survivor());
            CampaignSummaryState survivor = evidence.loadOrCreate(merge.survivor());
            CampaignSummaryState absorbed = evidence.load(merge.absorbed());
            List<CampaignEvidence.Superseded> ended = List.of();
            if (absorbed != null) {
                ended = evidence.absorb(survivor, absorbed);
                for (SuspicionState s : absorbed.suspicions) {
                    renameAttribution(s.source, merge.absorbed(), merge.survivor());
                }
            }
            for (CampaignEvidence.Superseded s : ended) {
                endSuspicion(survivor, s, timeMs, emitter);
            }
            evidence.save(survivor);
            survivors.remove(merge.absorbed());
            survivors.add(merge.survivor());
            for (String caller : merge.absorbedMembers()) {
                CallerRisk risk = callerRisks.get(caller);
                // A number whose own update caused the merge was just alerted under the survivor.
                if (risk != null && !merge.survivor().equals(alertedCampaign.get(caller))) {
                    emitCallerAlert(risk, merge.survivor(), timeMs, emitter);
                }
            }
        }
        for (String id : survivors) {
            CampaignSummaryState survivor = evidence.load(id);
            if (survivor != null) {
                evaluate(survivor, evidence.sources(survivor), timeMs, emitter);
                evidence.save(survivor);
            }
        }
    }

    /**
     * Says a suspicion's last: its campaign was merged with another blamed on the same source, and
     * that one's suspicion goes on for both. Otherwise the record downstream stores keep per
     * suspicion id would stay as it was, under a campaign that no longer exists or beside the one
     * that goes on, and an analyst would see the same leak twice.
     */
    private void endSuspicion(CampaignSummaryState survivor, CampaignEvidence.Superseded s,
            long timeMs, Emitter emitter) throws Exception {
        SourceTally tally = evidence.tally(survivor, s.ended().source);
        if (tally != null) {
            emit(survivor, tally, assess(survivor, tally, size(POPULATION),
                    excludedSources(survivor.campaignId)), s.ended(), s.continuedAs(), timeMs, emitter);
        }
    }

    /**
     * Tests the given sources, in their sorted order (those without hits are skipped), and emits
     * first detections and material updates. The caller saves the summary afterwards.
     */
    private void evaluate(
            CampaignSummaryState campaign, Set<String> sources, long timeMs, Emitter emitter)
            throws Exception {
        long population = size(POPULATION);
        Set<String> excluded = excludedSources(campaign.campaignId);
        Leaders leaders = new Leaders(campaign, excluded);
        for (String source : sources) {
            SourceTally tally = evidence.tally(campaign, source);
            if (tally == null) {
                continue;
            }
            SourceAssessment assessment = assess(campaign, tally, population, excluded, leaders);
            SuspicionState state = CampaignEvidence.suspicion(campaign, tally.source());
            boolean detected = state == null && assessment.passes();
            boolean updated = state != null && rules.worthUpdate(state, assessment,
                    linker.members(campaign.campaignId).size(), timeMs);
            if (!detected && !updated) {
                continue;
            }
            if (explained(campaign, tally.source(), population)) {
                continue;
            }
            if (detected) {
                state = SuspicionState.detected(
                        suspicionId(campaign.campaignId, tally.source()), tally.source(),
                        timeMs, campaign.calls);
                CampaignEvidence.putSuspicion(campaign, state);
                List<String> others = attribute(tally.source(), campaign.campaignId);
                emit(campaign, tally, assessment, state, timeMs, emitter);
                reemitResold(tally.source(), others, timeMs, emitter);
            } else {
                emit(campaign, tally, assessment, state, timeMs, emitter);
            }
        }
    }

    /** Whether another of the campaign's sources explains this one's hits ({@link NestedSources}). */
    private boolean explained(CampaignSummaryState campaign, String source, long population) throws Exception {
        NestedSources.Hits totals = s -> {
            SourceTally tally = evidence.tally(campaign, s);
            return tally == null ? 0 : tally.hits();
        };
        return NestedSources.explainer(source, evidence.hitters(campaign, source), campaign.victims, totals,
                this::size, population, config.nestedShare(), config.minLift()) != null;
    }

    private SourceAssessment assess(
            CampaignSummaryState campaign, SourceTally tally, long population,
            Set<String> excluded) throws Exception {
        return assess(campaign, tally, population, excluded, new Leaders(campaign, excluded));
    }

    /**
     * Tests a source among all of the campaign's victims and, when that fails, among those who
     * did not touch its most-hit blamed source or, when none is blamed, its most-hit other source
     * ({@link Leaders}).
     */
    private SourceAssessment assess(
            CampaignSummaryState campaign, SourceTally tally, long population,
            Set<String> excluded, Leaders leaders) throws Exception {
        String source = tally.source();
        boolean isExcluded = blameless(source, excluded);
        long customers = size(source);
        SourceAssessment plain = rules.assess(tally, campaign.victims, campaign.candidates,
                customers, population, isExcluded);
        if (plain.passes()) {
            return plain;
        }
        SourceTally mostBlamed = mostBlamed(campaign, source);
        SourceTally blamed = mostBlamed != null ? mostBlamed : leaders.other(source);
        if (blamed == null) {
            return plain;
        }
        SourceAssessment besides = rules.assessBesides(tally, blamed.source(), blamed.hits(),
                campaign.victims, campaign.candidates, customers, population, isExcluded,
                () -> evidence.tallyWithout(campaign, source, blamed.source()));
        return besides != null && besides.passes() ? besides : plain;
    }

    /**
     * A campaign's two most-hit sources that could be blamed (not its own numbers or their
     * organizations, not a risky caller), found among its frequent sources when a test needs them
     * ({@link CampaignEvidence#frequent}: a walk of the campaign per test cost 9 % of a replay).
     *
     * <p>Two large lists worked together (a courier's and a bank's, each a fifth of subscribers)
     * are each held to {@code minCoverage}: most victims must be its customers, and with two lists
     * neither may get there, though among the victims who are not the other's customers each
     * would. A blamed source's victims are set aside for the others' tests
     * ({@link SuspicionRules#assessBesides}); before any is blamed, the most-hit other source's
     * are. It is chosen by its own hits, never by the tested source's, so for a source that is
     * not a leak its hits among the rest are still its base rate, and both tests of each
     * candidate are counted in the Bonferroni factor, as beside a blamed source.
     */
    private final class Leaders {
        private final CampaignSummaryState campaign;
        private final Set<String> excluded;
        private List<SourceTally> top;

        Leaders(CampaignSummaryState campaign, Set<String> excluded) {
            this.campaign = campaign;
            this.excluded = excluded;
        }

        /** The most-hit source other than {@code source}, or null. */
        SourceTally other(String source) throws Exception {
            if (top == null) {
                top = find();
            }
            for (SourceTally t : top) {
                if (!t.source().equals(source)) {
                    return t;
                }
            }
            return null;
        }

        private List<SourceTally> find() throws Exception {
            if (campaign.victims < 2 * config.minVictims()) {
                return List.of();
            }
            SourceTally first = null;
            SourceTally second = null;
            for (String source : evidence.frequent(campaign)) {
                SourceTally t = evidence.tally(campaign, source);
                if (t == null || t.hits() < config.minVictims() || blameless(source, excluded)) {
                    continue;
                }
                if (first == null || t.hits() > first.hits()) {
                    second = first;
                    first = t;
                } else if (second == null || t.hits() > second.hits()) {
                    second = t;
                }
            }
            List<SourceTally> found = new ArrayList<>(2);
            if (first != null) {
                found.add(first);
            }
            if (second != null) {
                found.add(second);
            }
            return found;
        }
    }

    /** Whether {@code source} cannot be blamed: one of the campaign's {@code excluded}, or a risky caller. */
    private boolean blameless(String source, Set<String> excluded) throws Exception {
        return excluded.contains(source) || riskyCaller(source);
    }

    /** Whether {@code source} is an unregistered number that is itself a risky caller. */
    private boolean riskyCaller(String source) throws Exception {
        return source.startsWith("+") && callerRisks.contains(source);
    }

    /** The campaign's blamed source, other than this one, with the most hits; null if none. */
    private SourceTally mostBlamed(CampaignSummaryState campaign, String source) throws Exception {
        SourceTally most = null;
        for (SuspicionState s : campaign.suspicions) {
            SourceTally t = s.source.equals(source) ? null : evidence.tally(campaign, s.source);
            if (t != null && (most == null || t.hits() > most.hits())) {
                most = t;
            }
        }
        return most;
    }

    /** The suspicion id: stable per (campaign at first detection, source). */
    static String suspicionId(String campaignId, String source) {
        return "ls-" + CampaignIds.shortHash(campaignId + "|" + source);
    }

    /**
     * Sources a campaign cannot be blamed on: its own numbers and the organizations owning them
     * (an organization's agents are not its leak). Other risky callers are checked per source.
     */
    private Set<String> excludedSources(String campaignId) throws Exception {
        Set<String> excluded = new HashSet<>();
        for (String caller : linker.members(campaignId)) {
            excluded.add(caller);
            DirectoryEntry owner = byNumber(caller);
            if (owner != null) {
                excluded.add(owner.orgId());
            }
        }
        return excluded;
    }

    /** Records that a source is attributed to a campaign; returns the campaigns listed before. */
    private List<String> attribute(String source, String campaignId) throws Exception {
        String[] listed = sourceCampaigns.get(source);
        List<String> before = listed == null ? List.of() : List.of(listed);
        if (!before.contains(campaignId)) {
            List<String> after = new ArrayList<>(before);
            after.add(campaignId);
            sourceCampaigns.put(source, after.toArray(new String[0]));
        }
        return before;
    }

    private void renameAttribution(String source, String from, String to) throws Exception {
        String[] listed = sourceCampaigns.get(source);
        if (listed == null) {
            return;
        }
        LinkedHashSet<String> renamed = new LinkedHashSet<>();
        for (String c : listed) {
            renamed.add(c.equals(from) ? to : c);
        }
        sourceCampaigns.put(source, renamed.toArray(new String[0]));
    }

    /** A source newly attributed to another campaign: earlier suspicions now list it too. */
    private void reemitResold(String source, List<String> others, long timeMs, Emitter emitter)
            throws Exception {
        long population = size(POPULATION);
        for (String other : others) {
            CampaignSummaryState campaign = evidence.load(other);
            SuspicionState state =
                    campaign == null ? null : CampaignEvidence.suspicion(campaign, source);
            SourceTally tally = state == null ? null : evidence.tally(campaign, source);
            if (tally == null) {
                continue;
            }
            SourceAssessment assessment = assess(campaign, tally, population,
                    excludedSources(other));
            emit(campaign, tally, assessment, state, timeMs, emitter);
            evidence.save(campaign);
        }
    }

    private void emit(
            CampaignSummaryState campaign, SourceTally tally, SourceAssessment a,
            SuspicionState state, long timeMs, Emitter emitter) throws Exception {
        emit(campaign, tally, a, state, null, timeMs, emitter);
    }

    /** @param mergedInto the suspicion id that goes on for this one, which ends; null if it goes on */
    private void emit(
            CampaignSummaryState campaign, SourceTally tally, SourceAssessment a,
            SuspicionState state, String mergedInto, long timeMs, Emitter emitter) throws Exception {
        String source = tally.source();
        SourceHits hits = evidence.hits(campaign, source);
        String[] campaigns = sourceCampaigns.get(source);
        LeakWindow window = dateLeak(campaign, source, hits, campaigns);
        boolean number = source.startsWith("+");
        DirectoryEntry org = number ? null : byOrg(source);
        List<String> pseudonyms = hits.victims().stream()
                .limit(config.maxPseudonymsPerSuspicion())
                .map(pseudonymOf)
                .toList();
        List<String> callers = new ArrayList<>(linker.members(campaign.campaignId));
        callers.sort(null);
        LeakSuspicion suspicion = LeakSuspicion.newBuilder()
                .setSuspicionId(state.suspicionId)
                .setSourceOrgId(number ? null : source)
                .setSourceName(org == null ? null : org.name())
                .setSourceCategory(org == null ? null : org.category())
                .setSourceNumber(number ? source : null)
                .setCampaignId(campaign.campaignId)
                .setCallers(callers)
                .setVictims(a.hits())
                .setCampaignVictims(a.campaignVictims())
                .setSourceCustomers(a.sourceCustomers())
                .setPopulation(a.population())
                .setCandidatesTested(a.candidates())
                .setExpected(a.expected())
                .setLift(a.lift())
                .setLog10P(a.log10P())
                .setEventTime(Instant.ofEpochMilli(timeMs))
                .setFirstDetected(Instant.ofEpochMilli(state.firstDetectedMs))
                .setCallsBeforeDetection(state.callsBeforeDetection)
                .setEstimatedLeakTime(Instant.ofEpochMilli(window.estimatedMs()))
                .setLeakTimeEarliest(Instant.ofEpochMilli(window.earliestMs()))
                .setLeakTimeLatest(Instant.ofEpochMilli(window.latestMs()))
                .setCampaigns(campaigns == null ? List.of(campaign.campaignId) : List.of(campaigns))
                .setVictimPseudonyms(pseudonyms)
                .setUpdate(state.emissions)
                .setSetAsideSource(a.setAside())
                .setMergedInto(mergedInto)
                .build();
        state.emissions++;
        state.lastEmitMs = timeMs;
        state.lastVictims = a.hits();
        state.lastLog10P = a.log10P();
        state.lastCallers = callers.size();
        emitter.suspicion(suspicion);
    }

    /**
     * Dates the source's list from the campaign attributed to it with the most victims who touched
     * it, this one or another buyer of the same list ({@code listed}, the campaigns the source is
     * attributed to), and no later than any buyer's first call.
     *
     * <p>A list is taken once, however many buyers call it. Dated alone, a second buyer's
     * one-number suspicion of 7 victims put the leak 2.2 days off where the first buyer's 134
     * victims put it within half a day (seed 1 at 5,000 subscribers). Pooling every buyer's
     * victims was tried and dated worse in two worlds of six: a buyer of two lists reaches the
     * other list's people, and those who are also this source's customers first touched it at any
     * time, after the leak too, so each such buyer pulls the latest touch later. Choosing the buyer
     * whose hits are the largest share of its victims (the purest) was tried too: it fixed one
     * such pair and dated two others worse, where a few numbers of one rotating operation, not
     * yet linked to the rest, were a pure but small "buyer". The best-evidenced buyer's own
     * victims date the list; a source leaked twice is dated by the leak that buyer called.
     */
    private LeakWindow dateLeak(
            CampaignSummaryState campaign, String source, SourceHits own, String[] listed) throws Exception {
        CampaignSummaryState best = null;
        int bestHits = own.victims().size();
        // The list existed by the first call of any of its buyers.
        long notAfterMs = campaign.firstCallMs;
        if (listed != null) {
            for (String other : listed) {
                CampaignSummaryState buyer = other.equals(campaign.campaignId) ? null : evidence.load(other);
                if (buyer == null) {
                    continue;
                }
                notAfterMs = Math.min(notAfterMs, buyer.firstCallMs);
                // Chosen by its count, then walked once: walking every buyer for its hits was 6 %
                // of attribution with 160 campaigns, where a list has several buyers.
                SourceTally hits = evidence.tally(buyer, source);
                if (hits != null && hits.hits() > bestHits) {
                    best = buyer;
                    bestHits = hits.hits();
                }
            }
        }
        SourceHits dated = best == null ? own : evidence.hits(best, source);
        return leakDating.estimate(dated.firstTouchesMs(), notAfterMs, sourceArrivals.get(source));
    }

    private void emitCallerAlert(CallerRisk risk, String campaignId, long timeMs, Emitter emitter)
            throws Exception {
        alertedCampaign.put(risk.getCaller(), campaignId);
        emitter.callerAlert(CallerAlert.newBuilder()
                .setAlertId("ca-" + CampaignIds.shortHash(risk.getCaller()))
                .setCaller(risk.getCaller())
                .setCampaignId(campaignId)
                .setScore(risk.getScore())
                .setReasons(List.copyOf(risk.getReasons()))
                .setEventTime(Instant.ofEpochMilli(timeMs))
                .setFirstSeen(Instant.ofEpochMilli(risk.getFirstSeenMs()))
                .setCalls(risk.getCalls())
                .setDistinctCallees(risk.getDistinctCallees())
                .setAnswerRate(risk.getAnswerRate())
                .setShortCallShare(risk.getShortCallShare())
                .setColdShare(risk.getColdShare())
                .setReciprocity(risk.getReciprocity())
                .setComplaints(risk.getComplaints())
                .setCallerImei(risk.getCallerImei())
                .build());
    }

    private void scheduleExpiry(long timeMs, Emitter emitter) {
        long slot = config.expiryCheckInterval().toMillis();
        long due = timeMs + config.campaignTtl().toMillis();
        emitter.registerTimer(Math.floorDiv(due + slot - 1, slot) * slot);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LeakSuspicion> out)
            throws Exception {
        List<AttributionInput> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            for (AttributionInput input : SameTimeOrder.sorted(due)) {
                apply(input, ctx, out);
            }
        }
        if (timestamp % config.expiryCheckInterval().toMillis() == 0) {
            for (String id : linker.inactiveSince(timestamp, config.campaignTtl().toMillis())) {
                expire(id);
            }
            early.sweep(timestamp - config.linkWindow().toMillis());
        }
    }

    /** Forgets a campaign and everything it left in state. */
    private void expire(String campaignId) throws Exception {
        CampaignSummaryState campaign = evidence.load(campaignId);
        List<String> victims = campaign == null ? List.of()
                : evidence.victims(campaign).stream().map(v -> v.victim).toList();
        List<String> members = linker.expire(campaignId, victims);
        for (String caller : members) {
            callerRisks.remove(caller);
            alertedCampaign.remove(caller);
        }
        if (campaign != null) {
            for (SuspicionState s : campaign.suspicions) {
                forgetAttribution(s.source, campaignId);
            }
            evidence.remove(campaign);
        }
    }

    private void forgetAttribution(String source, String campaignId) throws Exception {
        String[] listed = sourceCampaigns.get(source);
        if (listed == null) {
            return;
        }
        String[] rest = java.util.Arrays.stream(listed)
                .filter(c -> !c.equals(campaignId))
                .toArray(String[]::new);
        if (rest.length == 0) {
            sourceCampaigns.remove(source);
        } else {
            sourceCampaigns.put(source, rest);
        }
    }

    private long size(String source) throws Exception {
        Long size = sizes.get(source);
        return size == null ? 0 : size;
    }

    private DirectoryEntry byNumber(String number) throws Exception {
        Organization org = directoryNumbers.get(number);
        if (org != null) {
            return org.getDeleted() ? null : DirectoryEntry.of(org);
        }
        return initialByNumber.get(number);
    }

    private DirectoryEntry byOrg(String orgId) throws Exception {
        Organization org = directoryOrgs.get(orgId);
        return org != null ? DirectoryEntry.of(org) : initialByOrg.get(orgId);
    }

    /** Where the outputs of one element go. */
    private final class Emitter {
        private final ReadOnlyContext ctx;
        private final Collector<LeakSuspicion> out;

        Emitter(ReadOnlyContext ctx, Collector<LeakSuspicion> out) {
            this.ctx = ctx;
            this.out = out;
        }

        void suspicion(LeakSuspicion suspicion) {
            out.collect(suspicion);
        }

        void callerAlert(CallerAlert alert) {
            ctx.output(CALLER_ALERTS, alert);
        }

        void registerTimer(long timestampMs) {
            ctx.timerService().registerEventTimeTimer(timestampMs);
        }
    }
}
