package org.leaktrace.bench;

import org.leaktrace.launcher.Args;

/** {@code leaktrace bench}: throughput, latency and state size on simulated worlds (see {@link BenchConfig#HELP}). */
public final class BenchCommand {
    private BenchCommand() {}

    public static int run(String[] args) throws Exception {
        Args parsed = Args.parse("bench", args, BenchConfig.FLAGS);
        if (parsed.help()) {
            System.out.print(BenchConfig.HELP);
            return 0;
        }
        new BenchRunner(BenchConfig.fromArgs(parsed), System.out).run();
        return 0;
    }
}
