package org.leaktrace.launcher;

import org.leaktrace.job.ProgressReporter;
import org.leaktrace.job.ReplayConfig;
import org.leaktrace.job.ReplayJob;
import org.leaktrace.job.RunSummary;

/** {@code replay}: the pipeline over contract files; prints the contract's one-line summary. */
public final class ReplayCommand {
    private ReplayCommand() {}

    public static int run(String[] argv) throws Exception {
        Args args = Args.parse("replay", argv, ReplayConfig.FLAGS);
        if (args.help()) {
            System.out.print(ReplayConfig.HELP);
            return 0;
        }
        ReplayConfig cfg = ReplayConfig.fromArgs(args);
        if (cfg.keys().ephemeral()) {
            System.err.println("note: no pseudonym key configured (--pseudonym-key-file, LEAKTRACE_PSEUDONYM_KEY_FILE or"
                    + " LEAKTRACE_PSEUDONYM_KEY);"
                    + " victim pseudonyms use a random key for this run only");
        }
        RunSummary summary = ReplayJob.run(cfg, new ProgressReporter(System.err, 10_000));
        System.out.println(summary.line());
        return 0;
    }
}
