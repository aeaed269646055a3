package org.leaktrace.launcher;

import java.util.Arrays;
import org.leaktrace.bench.BenchCommand;
import org.leaktrace.eval.EvaluateCommand;
import org.leaktrace.sim.SimulateCommand;

/**
 * Entry point of {@code leaktrace.jar}: dispatches to the commands of ../shared/CONTRACT.md.
 *
 * <p>Exit codes: 0 success, 1 the command failed, 2 usage error.
 */
public final class Launcher {
    static final String USAGE = """
            LeakTrace: attributes spam and scam call campaigns to leaked customer lists.

            Usage: java -jar jobs/target/leaktrace.jar COMMAND [options]   (COMMAND --help for details)

              demo       simulate a world, stream it through the pipeline, score against the truth
              replay     run the pipeline over contract CSV files, write alerts JSON Lines
              simulate   write a simulated operator world (contract CSVs + truth.json)
              evaluate   score an alerts file against a world's truth.json
              run        run the pipeline on Kafka (topics in, alert topics out), [--config FILE]
              produce    write contract CSV files into the Kafka input topics, [--config FILE]
              bench      measure throughput, latency and state size on simulated worlds
              soak       stream simulated traffic at a fixed rate for minutes; checkpoint and state figures
            """;

    private Launcher() {}

    public static void main(String[] args) {
        System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES",
                System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "org.leaktrace"));
        int code = run(args);
        System.exit(code);
    }

    /** Runs a command and returns its exit code, without exiting (for tests). */
    public static int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "demo" -> DemoCommand.run(rest);
                case "replay" -> ReplayCommand.run(rest);
                case "simulate" -> SimulateCommand.run(rest);
                case "evaluate" -> EvaluateCommand.run(rest);
                case "run" -> RunCommand.run(rest);
                case "produce" -> ProduceCommand.run(rest);
                case "bench" -> BenchCommand.run(rest);
                case "soak" -> SoakCommand.run(rest);
                default -> {
                    System.err.println("unknown command '" + args[0] + "'\n");
                    System.err.print(USAGE);
                    yield 2;
                }
            };
        } catch (Args.UsageException e) {
            System.err.println(e.getMessage());
            System.err.println("(try: " + args[0] + " --help)");
            return 2;
        } catch (Exception e) {
            System.err.println(args[0] + " failed: " + failureMessage(e));
            e.printStackTrace(System.err);
            return 1;
        }
    }

    /**
     * What to print first: the first message LeakTrace wrote in the chain, which names what to
     * fix (the brokers it tried, the file it could not read), else the root cause's, which Flink's
     * and Kafka's wrappers bury.
     */
    static String failureMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            StackTraceElement[] at = c.getStackTrace();
            if (c.getMessage() != null && at.length > 0 && at[0].getClassName().startsWith("org.leaktrace.")) {
                return c.getMessage();
            }
        }
        return rootMessage(t);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
