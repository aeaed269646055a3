package org.leaktrace.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.leaktrace.job.ProgressReporter;
import org.leaktrace.job.RunSummary;
import org.leaktrace.job.StreamingConfig;
import org.leaktrace.job.StreamingJob;

/** {@code run}: the detection pipeline on Kafka, configured by one properties file. */
public final class RunCommand {
    static final String HELP = """
            Usage: leaktrace run [--config FILE]

            Runs the detection pipeline on Kafka: reads call records, complaints and the
            organization directory from their topics, writes caller alerts and leak suspicions
            (exactly once, in Kafka transactions committed with each checkpoint) and dead letters.
            Every message is Avro single-object encoded. Runs until cancelled (or, with
            bounded=true, to the end offsets found at start). The configuration file's keys and
            defaults are documented in leaktrace-streaming.example.properties; without --config
            every key takes its default (brokers at localhost:9092, no Elasticsearch).
            """;

    private RunCommand() {}

    public static int run(String[] argv) throws Exception {
        Args args = Args.parse("run", argv, Set.of("config"));
        if (args.help()) {
            System.out.print(HELP);
            return 0;
        }
        StreamingConfig cfg = load(args);
        System.err.println("config: " + cfg);
        if (cfg.keys().ephemeral()) {
            System.err.println("note: no pseudonym key configured (pseudonym.key-file, LEAKTRACE_PSEUDONYM_KEY_FILE or"
                    + " LEAKTRACE_PSEUDONYM_KEY);"
                    + " victim pseudonyms use a random key for this run only");
        }
        RunSummary summary = StreamingJob.run(cfg, new ProgressReporter(System.err, 10_000));
        System.out.println(summary.line());
        return 0;
    }

    /**
     * Reads {@code --config}, or takes every setting's default without it, as the contract's bare
     * {@code run} does; a named file that is missing is a usage error.
     */
    static StreamingConfig load(Args args) throws java.io.IOException {
        Optional<String> name = args.get("config");
        StreamingConfig cfg;
        if (name.isEmpty()) {
            cfg = StreamingConfig.defaults();
        } else {
            Path file = Path.of(name.get());
            if (!file.toFile().isFile()) {
                throw new Args.UsageException(name.get() + ": no such file");
            }
            cfg = StreamingConfig.load(file);
        }
        List<String> missing = cfg.missingKafkaEnvironment(System::getenv);
        if (!missing.isEmpty()) {
            throw new Args.UsageException("config: kafka.* settings name environment variables that are not set: "
                    + String.join(", ", missing));
        }
        return cfg;
    }
}
