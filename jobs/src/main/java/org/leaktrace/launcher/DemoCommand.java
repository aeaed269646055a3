package org.leaktrace.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.leaktrace.eval.EvaluateCommand;
import org.leaktrace.eval.EvaluationResult;
import org.leaktrace.eval.Evaluator;
import org.leaktrace.job.ProgressReporter;
import org.leaktrace.job.PseudonymKeySource;
import org.leaktrace.job.ReplayConfig;
import org.leaktrace.job.ReplayJob;
import org.leaktrace.job.RunSummary;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;
import org.leaktrace.sim.WorldSummary;

/**
 * {@code demo}: simulates a world, streams it through the pipeline on an embedded MiniCluster and
 * scores the alerts against the world's truth.
 *
 * <p>It is the shortest way to see what LeakTrace finds and how well: the same scorer as
 * {@code evaluate}, one command. By default the world takes the production path ({@link KafkaDemo}):
 * an in-process Kafka broker, topics, the streaming job with exactly-once sinks, alerts read back
 * from their topics. {@code --kafka off} streams the files straight through the replay job instead,
 * which is quicker and needs no ports.
 */
public final class DemoCommand {
    static final Set<String> FLAGS = Set.of("seed", "subscribers", "days", "campaigns", "out", "parallelism", "pseudonym-key-file", "es", "kafka");

    static final String HELP = """
            Usage: leaktrace demo [--seed N] [--subscribers N] [--days N] [--campaigns N] [--out DIR]
                                  [--parallelism N] [--es URL]
                                  [--kafka embedded|off|BOOTSTRAP]

            Simulates an operator world (default 20,000 subscribers over 21 days, seed 1), streams
            it through Kafka and the detection pipeline on an embedded Flink MiniCluster with a
            progress line, then prints what was found next to the ground truth.
              --campaigns    exactly N campaigns instead of the world's own (see simulate --help)
              --out          working directory (default leaktrace-demo): world/ and alerts.jsonl
              --parallelism  operator parallelism (default 2)
              --es           also index the alerts into Elasticsearch at URL (API key, if
                             needed, from env LEAKTRACE_ES_API_KEY_FILE or LEAKTRACE_ES_API_KEY;
                             https trusts env LEAKTRACE_ES_CA_CERT); see docker/kibana/
              --kafka        how the world reaches the pipeline (default embedded). `embedded`: as
                             `run` does, through Kafka: a single-node KRaft broker starts in-process
                             (data in a temporary directory), the world is produced into topics, the
                             streaming job (bounded, exactly-once sinks) reads them and the alerts
                             are read back from their topics. BOOTSTRAP: the same through existing
                             brokers, on topics named leaktrace-demo-<millis>.*. `off`: no Kafka;
                             the replay job reads the world's files directly (quicker).
            """;

    private DemoCommand() {}

    public static int run(String[] argv) throws Exception {
        Args args = Args.parse("demo", argv, FLAGS);
        if (args.help()) {
            System.out.print(HELP);
            return 0;
        }
        Map<String, String> worldFlags = new HashMap<>();
        for (String flag : new String[] {"seed", "subscribers", "days", "campaigns"}) {
            args.get(flag).ifPresent(v -> worldFlags.put(flag, v));
        }
        WorldConfig world;
        try {
            world = WorldConfig.fromArgs(worldFlags);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("demo: " + e.getMessage());
        }
        Path out = Path.of(args.get("out", "leaktrace-demo"));
        Path worldDir = out.resolve("world");
        Files.createDirectories(worldDir);

        System.out.printf(Locale.ROOT, "LeakTrace demo — seed %d, %,d subscribers, %d days%n",
                world.seed(), world.subscribers(), world.days());
        long t0 = System.nanoTime();
        WorldSummary summary = WorldSimulator.write(world, worldDir);
        System.out.printf(Locale.ROOT, "Simulated in %.1fs: %s%n", (System.nanoTime() - t0) / 1e9, summary);

        Path alerts = out.resolve("alerts.jsonl");
        Path deadLetters = out.resolve("dead-letters.jsonl");
        int parallelism = args.getInt("parallelism", 2);
        String keyFile = args.get("pseudonym-key-file").orElse(null);
        String es = args.get("es").orElse(null);
        RunSummary run;
        String kafka = args.get("kafka", KafkaDemo.EMBEDDED);
        if (!kafka.equals(KafkaDemo.OFF)) {
            run = KafkaDemo.run(kafka, worldDir, alerts, deadLetters, parallelism, world.zone(),
                    keyFile, es, System.out);
        } else {
            ReplayConfig replay = ReplayConfig.ofWorld(
                    worldDir, alerts, deadLetters, world.zone(), parallelism, PseudonymKeySource.from(keyFile), es);
            System.out.println("Streaming the world through the pipeline (embedded Flink MiniCluster):");
            run = ReplayJob.run(replay, new ProgressReporter(System.out, 3_000));
        }
        System.out.println("Done: " + run.line());

        EvaluationResult result = Evaluator.evaluate(worldDir.resolve(WorldSimulator.TRUTH), alerts);
        System.out.println();
        System.out.println("What LeakTrace found, against the ground truth:");
        System.out.print(EvaluateCommand.report(result));
        System.out.println();
        System.out.println("Alerts:       " + alerts);
        System.out.println("Dead letters: " + deadLetters);
        System.out.println("World + truth: " + worldDir);
        if (es != null) {
            System.out.println("Elasticsearch: " + es + " (indices leaktrace-*)");
        }
        return 0;
    }
}
