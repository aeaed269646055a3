package org.leaktrace.sim;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes cdr.csv one day at a time: sorts the day's events by time plus a random delay of up to
 * the configured disorder (so a row is never more than that behind a row written before it),
 * renders numbers in mixed export formats, and slips the requested broken rows in at random
 * positions, remembering their line numbers.
 */
final class CdrWriter {

    static final String HEADER = "record_id,type,caller,callee,start_time,duration_s,answered,caller_imei,cell_id";

    /** The ways an injected row is unreadable. */
    enum BrokenKind { BAD_TIMESTAMP, UNKNOWN_TYPE, MISSING_NUMBER, NEGATIVE_DURATION, WRONG_COLUMN_COUNT,
        UNPARSEABLE_NUMBER }

    private final Writer out;
    private final World world;
    private final NumberPlan plan;
    private final CsvText text;
    private final int disorderSeconds;
    private final int[] brokenPerDay;
    private final Rng rng = new Rng(0);
    private final List<Truth.BrokenRow> broken = new ArrayList<>();
    private long[] keys = new long[0];
    private long line = 1;
    private long sequence;
    private long rows;

    CdrWriter(Writer out, World world, CsvText text) {
        this.out = out;
        this.world = world;
        this.plan = world.plan;
        this.text = text;
        this.disorderSeconds = world.cfg.disorderMinutes() * 60;
        this.brokenPerDay = new int[world.days];
        Rng r = new Rng(Rng.hash(world.cfg.seed(), 0xB40C));
        for (int b = 0; b < world.cfg.brokenRows(); b++) {
            brokenPerDay[r.nextInt(world.days)]++;
        }
    }

    void writeHeader() throws IOException {
        out.write(HEADER);
        out.write('\n');
    }

    long rows() {
        return rows;
    }

    List<Truth.BrokenRow> broken() {
        return broken;
    }

    void writeDay(EventBuffer events, int day) throws IOException {
        int n = events.size;
        rng.reseed(Rng.hash(world.cfg.seed(), 0x0D1, day));
        if (keys.length < n) {
            keys = new long[Math.max(n, keys.length + (keys.length >> 1))];
        }
        for (int i = 0; i < n; i++) {
            int jitter = disorderSeconds == 0 ? 0 : rng.nextInt(disorderSeconds + 1);
            keys[i] = ((long) (events.time[i] + jitter) << 32) | i;
        }
        Arrays.sort(keys, 0, n);
        int[] brokenAt = new int[brokenPerDay[day]];
        for (int b = 0; b < brokenAt.length; b++) {
            brokenAt[b] = rng.nextInt(n + 1);
        }
        Arrays.sort(brokenAt);
        int nextBroken = 0;
        for (int j = 0; j < n; j++) {
            while (nextBroken < brokenAt.length && brokenAt[nextBroken] == j) {
                writeBroken(events, (int) keys[j], day);
                nextBroken++;
            }
            writeRow(events, (int) keys[j]);
        }
        while (nextBroken < brokenAt.length) {
            writeBroken(events, n > 0 ? (int) keys[n - 1] : -1, day);
            nextBroken++;
        }
    }

    private void writeRow(EventBuffer e, int i) throws IOException {
        String[] f = fields(e, i);
        writeFields(f);
        rows++;
    }

    private String[] fields(EventBuffer e, int i) {
        int caller = e.caller[i];
        String imei = null;
        String cell = null;
        if (caller >= 0) {
            if (!plan.isLandline(caller)) {
                imei = rng.chance(0.02) ? null : plan.subscriberImei(caller);
                cell = rng.chance(0.03) ? null : rng.chance(0.8) ? plan.homeCell(caller)
                        : NumberPlan.cell(caller / 2_000 + rng.between(-3, 3) + 3, rng.nextInt(24));
            }
        } else {
            NumberPlan.Special sp = plan.special(caller);
            imei = sp.imei();
            cell = sp.cell();
        }
        return new String[] {
            "CDR" + NumberPlan.padLong(++sequence, 10),
            e.isSms(i) ? "SMS" : "VOICE",
            plan.exported(caller, rng.nextDouble()),
            plan.exported(e.callee[i], rng.nextDouble()),
            text.timestamp(e.time[i]),
            Integer.toString(e.duration[i]),
            e.isAnswered(i) ? "true" : "false",
            imei == null ? "" : imei,
            cell == null ? "" : cell};
    }

    private void writeBroken(EventBuffer e, int i, int day) throws IOException {
        String[] f;
        if (i >= 0) {
            f = fields(e, i);
        } else {
            f = new String[] {"CDR" + NumberPlan.padLong(++sequence, 10), "VOICE", "13800000000", "13900000000",
                text.timestamp(day * World.DAY + 43_200), "10", "true", "", ""};
        }
        BrokenKind kind = BrokenKind.values()[broken.size() % BrokenKind.values().length];
        switch (kind) {
            case BAD_TIMESTAMP: f[4] = rng.chance(0.5) ? "2026-13-45T25:61:00+08:00" : "yesterday 09:15"; break;
            case UNKNOWN_TYPE: f[1] = rng.chance(0.5) ? "MMS" : "DATA"; break;
            case MISSING_NUMBER: f[rng.chance(0.5) ? 2 : 3] = ""; break;
            case NEGATIVE_DURATION: f[5] = "-" + rng.between(1, 300); f[6] = "true"; break;
            case UNPARSEABLE_NUMBER: f[3] = rng.chance(0.5) ? "not-a-number" : "#31#abc"; break;
            default: f = Arrays.copyOf(f, rng.chance(0.5) ? 7 : 8); break;
        }
        line++;
        broken.add(new Truth.BrokenRow(line, kind.name()));
        if (kind == BrokenKind.WRONG_COLUMN_COUNT && f.length == 8 && rng.chance(0.5)) {
            f = Arrays.copyOf(f, 11);
            f[8] = "";
            f[9] = "x";
            f[10] = "y";
        }
        writeFieldsNoCount(f);
    }

    private void writeFields(String[] f) throws IOException {
        line++;
        writeFieldsNoCount(f);
    }

    private void writeFieldsNoCount(String[] f) throws IOException {
        for (int k = 0; k < f.length; k++) {
            if (k > 0) {
                out.write(',');
            }
            out.write(CsvText.quote(f[k]));
        }
        out.write('\n');
    }
}
