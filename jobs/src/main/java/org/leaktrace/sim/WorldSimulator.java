package org.leaktrace.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a simulated operator world: cdr.csv, complaints.csv, organizations.csv and truth.json.
 *
 * <p>Memory stays proportional to one day of traffic plus the organizations' customer arrays
 * (ints), never to subscribers × days: each day is generated into primitive buffers, sorted and
 * written before the next begins; subscribers' numbers, contacts and devices are recomputed from
 * hashes whenever needed. Same config, byte-identical files.
 */
public final class WorldSimulator {

    public static final String CDR = "cdr.csv";
    public static final String COMPLAINTS = "complaints.csv";
    public static final String ORGANIZATIONS = "organizations.csv";
    public static final String TRUTH = "truth.json";

    private static final String[][] TEXTS = {
        {"Claimed to be customer service and asked me to move money to a \"safe account\"",
            "Said my account was frozen, asked for the verification code", "Knew my name and asked for a deposit",
            "Asked me to pay a fee to release a refund", "Impersonated the police, demanded a transfer"},
        {"Repeated sales calls, loans", "Unsolicited investment advice", "Promoting a course, hung up on me",
            "Robocall advertisement", "Insurance sales, refused to stop calling"},
        {"Keeps calling late at night", "Abusive caller"},
        {"Unwanted call", "Did not ask for this call"}};

    private WorldSimulator() {
    }

    /** Generates the world of {@code cfg} into {@code outDir} (created if missing). */
    public static WorldSummary write(WorldConfig cfg, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        World world = World.build(cfg);
        CsvText text = new CsvText(cfg);
        long orgRows = writeOrganizations(world, outDir.resolve(ORGANIZATIONS));
        CdrWriter cdr;
        try (Writer out = writer(outDir.resolve(CDR))) {
            cdr = new CdrWriter(out, world, text);
            cdr.writeHeader();
            DayGenerator generator = new DayGenerator(world);
            for (int day = 0; day < cfg.days(); day++) {
                cdr.writeDay(generator.generate(day), day);
            }
        }
        long complaints = writeComplaints(world, text, outDir.resolve(COMPLAINTS));
        Truth truth = truth(world, text, cdr, complaints, orgRows);
        mapper().writeValue(outDir.resolve(TRUTH).toFile(), truth);
        long campaignEvents = world.campaigns.stream().mapToLong(c -> c.events).sum();
        return new WorldSummary(cdr.rows(), cdr.broken().size(), complaints, orgRows, world.orgs.size(),
                world.leaks.size(), world.campaigns.size(), campaignEvents, world.lookalikes.size(), outDir);
    }

    /** The mapper truth.json is written and read with. */
    public static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static Writer writer(Path path) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8), 1 << 20);
    }

    private static long writeOrganizations(World world, Path path) throws IOException {
        long rows = 0;
        try (Writer out = writer(path)) {
            out.write("org_id,name,category,number\n");
            for (Organization o : world.orgs) {
                if (!o.registered) {
                    continue;
                }
                for (int number : o.numbers) {
                    out.write(CsvText.quote(o.orgId) + ',' + CsvText.quote(o.name) + ',' + o.category.name() + ','
                            + CsvText.quote(world.plan.national(number)) + '\n');
                    rows++;
                }
            }
        }
        return rows;
    }

    private static long writeComplaints(World world, CsvText text, Path path) throws IOException {
        ComplaintBuffer c = world.complaints;
        Rng rng = new Rng(Rng.hash(world.cfg.seed(), 0xC0A1));
        try (Writer out = writer(path)) {
            out.write("complaint_id,reporter,reported_number,reported_at,category,text\n");
            int k = 0;
            for (int i : c.order()) {
                ComplaintCategory category = ComplaintCategory.values()[c.category[i]];
                String[] options = TEXTS[category.ordinal()];
                String body = rng.chance(0.3) ? "" : options[c.text[i] % options.length];
                out.write("CPL" + NumberPlan.pad(++k, 8) + ',' + world.plan.exported(c.reporter[i], rng.nextDouble()) + ','
                        + world.plan.exported(c.reported[i], rng.nextDouble()) + ',' + text.timestamp(c.time[i]) + ','
                        + category.name() + ',' + CsvText.quote(body) + '\n');
            }
        }
        return c.size;
    }

    private static Truth truth(World world, CsvText text, CdrWriter cdr, long complaints, long orgRows) {
        WorldConfig cfg = world.cfg;
        NumberPlan plan = world.plan;
        List<Truth.Org> orgs = new ArrayList<>();
        for (Organization o : world.orgs) {
            List<String> numbers = new ArrayList<>();
            for (int n : o.numbers) {
                numbers.add(plan.e164(n));
            }
            int fresh = 0;
            for (int j : o.joinDay) {
                fresh += j >= 0 ? 1 : 0;
            }
            orgs.add(new Truth.Org(o.orgId, o.name, o.category.name(), o.registered, numbers, o.size(), fresh));
        }
        List<Truth.LeakTruth> leaks = new ArrayList<>();
        for (Leak l : world.leaks) {
            Organization o = l.source();
            leaks.add(new Truth.LeakTruth(l.leakId(), o.orgId, o.registered ? null : plan.e164(o.voiceNumber()),
                    text.timestamp(l.leakSecond()), l.list().length));
        }
        List<Truth.CampaignTruth> campaigns = new ArrayList<>();
        for (Campaign c : world.campaigns) {
            List<String> callers = new ArrayList<>();
            for (int p : c.callers) {
                callers.add(plan.e164(p));
            }
            List<String> leakIds = new ArrayList<>();
            for (Leak l : c.leaks) {
                leakIds.add(l.leakId());
            }
            List<String> times = new ArrayList<>();
            for (int t : c.sortedEventTimes()) {
                times.add(text.timestamp(t));
            }
            campaigns.add(new Truth.CampaignTruth(c.campaignId, callers, c.sharedImei, c.deviceStyle.name(),
                    c.order.name(), leakIds, Math.round(c.paddingFraction * 1000) / 1000.0, c.targets.length,
                    c.listTargets, times.isEmpty() ? null : times.get(0),
                    times.isEmpty() ? null : times.get(times.size() - 1), c.calls, c.texts, c.answered, c.complaints,
                    times));
        }
        List<Truth.LookalikeTruth> lookalikes = new ArrayList<>();
        for (Lookalike l : world.lookalikes) {
            lookalikes.add(new Truth.LookalikeTruth(plan.e164(l.party()), l.kind().name(),
                    l.org() == null ? null : l.org().orgId));
        }
        List<Long> lines = new ArrayList<>();
        for (Truth.BrokenRow b : cdr.broken()) {
            lines.add(b.line());
        }
        return new Truth(
                new Truth.Config(cfg.seed(), cfg.subscribers(), cfg.days(), cfg.start().toString(), cfg.zone().getId(),
                        cfg.brokenRows(), cfg.disorderMinutes(), cfg.campaignsSet() ? cfg.campaigns() : null),
                new Truth.Counts(cdr.rows(), cdr.broken().size(), complaints, orgRows),
                orgs, leaks, campaigns, lookalikes, lines, cdr.broken());
    }
}
