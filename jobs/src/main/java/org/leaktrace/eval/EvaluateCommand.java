package org.leaktrace.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.leaktrace.attribution.AttributionConfig;
import org.leaktrace.ingest.PhoneNumbers;
import org.leaktrace.launcher.Args;

/** The {@code evaluate} command of the launcher: scores an alerts file against a truth.json. */
public final class EvaluateCommand {
    static final Set<String> FLAGS = Set.of("truth", "alerts", "json", "cdr", "region");


    static final String HELP = String.join("\n",
            "usage: evaluate --truth truth.json --alerts alerts.jsonl [--json OUT] [--cdr cdr.csv [--region CN]]",
            "",
            "Scores leak suspicions and caller alerts against a simulated world's truth:",
            "attribution precision and recall, calls before detection, leak-time error, and",
            "legitimate callers (couriers' drivers, call centres, random dialers) wrongly flagged.",
            "",
            "  --truth F    truth.json written by simulate (required)",
            "  --alerts F   alerts JSON Lines written by replay (required)",
            "  --json OUT   also write the result as JSON to OUT",
            "  --cdr F      the world's cdr.csv (or .gz): also report, per pair, the earliest call",
            "               at which detection was possible, the one that reached the minimum of",
            "               victims (" + AttributionConfig.defaults().minVictims()
                    + ") with an earlier contact with the source in these CDRs",
            "  --region R   region of numbers without country code in --cdr (default CN)",
            "");

    private EvaluateCommand() {
    }

    /** Standalone entry point. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command; 0 on success, 2 on bad flags, 1 when a file cannot be read. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> flags;
        try {
            Args parsed = Args.parse("evaluate", args, FLAGS);
            if (parsed.help()) {
                out.print(HELP);
                return 0;
            }
            parsed.require("truth");
            parsed.require("alerts");
            flags = new HashMap<>(parsed.values());
            try {
                flags.put("region", PhoneNumbers.region(parsed.get("region", "CN")));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("evaluate: " + e.getMessage());
            }
        } catch (Args.UsageException e) {
            err.println(e.getMessage());
            err.print(HELP);
            return 2;
        }
        try {
            EvaluationResult result = Evaluator.evaluate(Path.of(flags.get("truth")), Path.of(flags.get("alerts")),
                    flags.containsKey("cdr") ? Path.of(flags.get("cdr")) : null, flags.getOrDefault("region", "CN"));
            out.print(report(result));
            if (flags.containsKey("json")) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(Path.of(flags.get("json")).toFile(), result);
            }
            return 0;
        } catch (Exception e) {
            err.println("evaluate failed: " + e);
            return 1;
        }
    }

    /** The human-readable report. */
    public static String report(EvaluationResult r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Attribution precision : %.3f  (%d of %d suspicions correct)%n",
                r.precision(), r.correctSuspicions(), r.suspicions()));
        b.append(String.format(Locale.ROOT, "Attribution recall    : %.3f  (%d of %d campaign/source pairs found)%n",
                r.recall(), r.foundPairs(), r.pairs()));
        b.append("Calls before detection: ").append(stat(r.callsBeforeDetection(), "%.0f")).append('\n');
        if (r.earliestPossibleCalls().count() > 0) {
            b.append("  earliest possible   : ").append(stat(r.earliestPossibleCalls(), "%.0f"))
                    .append(" (the call that reached ").append(AttributionConfig.defaults().minVictims())
                    .append(" victims with an earlier contact with the source)\n");
        }
        b.append("Leak-time error (days): ").append(stat(r.leakTimeErrorDays(), "%.2f")).append('\n');
        b.append("Legitimate in suspicions  : ").append(kinds(r.legitimateInSuspicions())).append('\n');
        b.append("Legitimate w/ caller alert: ").append(kinds(r.legitimateWithCallerAlerts())).append('\n');
        b.append(String.format(Locale.ROOT, "Caller alerts: %d (campaign callers alerted %d of %d)%n", r.callerAlerts(),
                r.campaignCallersAlerted(), r.campaignCallers()));
        b.append(String.format(Locale.ROOT, "Other subscribers w/ caller alert: %d (%.4f%% of %d)%n",
                r.otherCallersAlerted(), 100 * r.otherCallersAlertedShare(), r.subscribers()));
        b.append(String.format(Locale.ROOT,
                "Campaigns found whole : %d of %d alerted (pieces: %s); %d of ours join several%n",
                r.campaignsWhole(), r.campaignsAlerted(), stat(r.campaignPieces(), "%.0f"), r.joinedCampaigns()));
        b.append(String.format(Locale.ROOT,
                "Suspicions: %d (%d ended by a merge), distinct sources named: %d, unreadable lines: %d%n",
                r.suspicions(), r.suspicionsEndedByMerge(), r.distinctSourcesNamed(), r.unreadableLines()));
        b.append("Pairs:\n");
        for (EvaluationResult.Pair p : r.pairDetails()) {
            b.append(String.format(Locale.ROOT, "  %-8s %-10s events=%-5d %s%n", p.campaignId(), p.source(),
                    p.campaignEvents(), p.found()
                            ? String.format(Locale.ROOT, "found by %s at %s after %d calls%s, leak-time error %s",
                                    p.suspicionId(), p.detectedAt(), p.callsBeforeDetection(),
                                    p.earliestPossibleCalls() == null ? ""
                                            : " (possible after " + p.earliestPossibleCalls() + ")",
                                    p.leakTimeErrorDays() == null ? "n/a"
                                            : String.format(Locale.ROOT, "%.2f d", p.leakTimeErrorDays()))
                            : "not found"));
        }
        return b.toString();
    }

    private static String stat(EvaluationResult.Stat s, String fmt) {
        if (s.count() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "median " + fmt + ", max " + fmt + " (n=%d)", s.median(), s.max(), s.count());
    }

    private static String kinds(Map<String, List<String>> byKind) {
        if (byKind.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        byKind.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v.size())
                .append(' ').append(v));
        return b.toString();
    }
}
