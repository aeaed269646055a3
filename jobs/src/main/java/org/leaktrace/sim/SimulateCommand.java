package org.leaktrace.sim;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.leaktrace.launcher.Args;

/** The {@code simulate} command of the launcher: flags in, a world on disk, an exit code out. */
public final class SimulateCommand {
    static final Set<String> FLAGS =
            Set.of("out", "seed", "subscribers", "days", "start", "zone", "broken-rows", "disorder-minutes",
                    "campaigns");


    static final String HELP = String.join("\n",
            "usage: simulate --out DIR [--seed N] [--subscribers N] [--days N] [--start YYYY-MM-DD]",
            "                [--zone ZONE] [--broken-rows N] [--disorder-minutes N] [--campaigns N]",
            "",
            "Writes a simulated operator world to DIR: cdr.csv, complaints.csv, organizations.csv",
            "and truth.json (the leaks, campaigns and look-alikes evaluate scores against).",
            "",
            "  --out DIR              output directory (required)",
            "  --seed N               random seed; same seed, identical files (default 1)",
            "  --subscribers N        subscribers, >= 1000 (default 20000)",
            "  --days N               days simulated (default 21)",
            "  --start YYYY-MM-DD     first day (default 2026-01-05)",
            "  --zone ZONE            time zone of timestamps (default Asia/Shanghai)",
            "  --broken-rows N        unreadable CDR rows to inject, lines recorded in truth.json (default 0)",
            "  --disorder-minutes N   how far rows may be out of time order (default 5)",
            "  --campaigns N          exactly N campaigns, 1..1000, to measure cost as campaigns grow at a",
            "                         fixed size (default: the world's own, ~1.5 per leak, 7-11 at 20000",
            "                         subscribers). The world then gets ceil(N/2) leaks; each campaign buys",
            "                         one or two of those lists and calls them as the automatic ones do;",
            "                         everyday traffic is unchanged. Unset, every world is byte-identical",
            "                         to the one the simulator wrote before this setting existed",
            "");

    private SimulateCommand() {
    }

    /** Standalone entry point, for running the simulator without the launcher. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command, printing to stdout/stderr; returns 0 on success, 2 on bad flags, 1 on I/O errors. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> flags;
        try {
            Args parsed = Args.parse("simulate", args, FLAGS);
            if (parsed.help()) {
                out.print(HELP);
                return 0;
            }
            parsed.require("out");
            flags = parsed.values();
        } catch (Args.UsageException e) {
            err.println(e.getMessage());
            err.print(HELP);
            return 2;
        }
        WorldConfig cfg;
        try {
            cfg = WorldConfig.fromArgs(flags);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        try {
            long t0 = System.nanoTime();
            WorldSummary summary = WorldSimulator.write(cfg, Path.of(flags.get("out")));
            out.printf("%s (%.1f s)%n", summary, (System.nanoTime() - t0) / 1e9);
            return 0;
        } catch (Exception e) {
            err.println("simulate failed: " + e);
            return 1;
        }
    }
}
