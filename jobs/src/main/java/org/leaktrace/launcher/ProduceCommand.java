package org.leaktrace.launcher;

import java.nio.file.Path;
import java.util.Set;
import org.leaktrace.job.StreamingConfig;
import org.leaktrace.kafka.TopicFeeder;

/** {@code produce}: writes contract CSV files into the input topics, optionally paced. */
public final class ProduceCommand {
    static final String HELP = """
            Usage: leaktrace produce [--config FILE] [--organizations F] [--cdr F] [--complaints F]
                                     [--rate N]

            Writes contract CSV files (plain or .gz) into the topics named in the configuration
            (the same file as `run`; without it, the defaults: brokers at localhost:9092), as Avro
            single-object encoded records, organizations first.
            Rows that cannot be read are reported on stderr with file, line and reason, and skipped.
              --rate   records per second, for a live-looking feed (default: as fast as possible)
            """;

    private ProduceCommand() {}

    public static int run(String[] argv) throws Exception {
        Args args = Args.parse("produce", argv, Set.of("config", "organizations", "cdr", "complaints", "rate"));
        if (args.help()) {
            System.out.print(HELP);
            return 0;
        }
        StreamingConfig cfg = RunCommand.load(args);
        double rate = rate(args);
        if (args.get("organizations").isEmpty() && args.get("cdr").isEmpty() && args.get("complaints").isEmpty()) {
            throw new Args.UsageException("produce: give at least one of --organizations, --cdr, --complaints");
        }
        for (String flag : new String[] {"organizations", "cdr", "complaints"}) {
            if (args.get(flag).isPresent() && !Path.of(args.require(flag)).toFile().isFile()) {
                throw new Args.UsageException("produce: no such file: " + args.require(flag));
            }
        }
        try (TopicFeeder feeder = new TopicFeeder(cfg.kafkaProperties(), rate, System.err)) {
            if (args.get("organizations").isPresent()) {
                report("organizations", cfg.topics().organizations(), feeder.organizations(
                        Path.of(args.require("organizations")), cfg.topics().organizations(), cfg.region()));
            }
            if (args.get("cdr").isPresent()) {
                report("cdr", cfg.topics().cdr(),
                        feeder.calls(Path.of(args.require("cdr")), cfg.topics().cdr(), cfg.region()));
            }
            if (args.get("complaints").isPresent()) {
                report("complaints", cfg.topics().complaints(), feeder.complaints(
                        Path.of(args.require("complaints")), cfg.topics().complaints(), cfg.region()));
            }
        }
        return 0;
    }

    private static double rate(Args args) {
        String v = args.get("rate", "0");
        try {
            double rate = Double.parseDouble(v);
            if (rate < 0 || Double.isNaN(rate)) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new Args.UsageException("produce: --rate must be a non-negative number, got '" + v + "'");
        }
    }

    private static void report(String what, String topic, TopicFeeder.Fed fed) {
        System.out.printf("%s: %d rows, %d records written to %s, %d skipped%n",
                what, fed.rows(), fed.sent(), topic, fed.badRows());
    }
}
