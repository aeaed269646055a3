package org.leaktrace.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.leaktrace.job.Environments;
import org.leaktrace.job.StreamingConfig;
import org.leaktrace.job.StreamingJob;
import org.leaktrace.kafka.EmbeddedKafka;
import org.leaktrace.kafka.TopicFeeder;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;
import org.leaktrace.sim.WorldSummary;

/**
 * {@code soak}: runs the streaming job on an in-process Kafka broker for a fixed time while calls
 * are produced at a fixed rate, and samples checkpoints, consumer lag and backpressure.
 *
 * <p>A measurement, not a test: it prints one line per sample and a summary, and asserts nothing.
 * What to look for: checkpoint duration and size flat over time (state bounded by its TTLs), lag
 * not growing (the job keeps up), backpressure not stuck at HIGH. Checkpoints go to disk as in
 * production; state size is the checkpointed size of the full (hashmap) snapshots.
 */
final class SoakCommand {
    static final String USAGE = """
            usage: soak [--minutes N] [--rate N] [--subscribers N] [--days N] [--seed N]
                        [--parallelism N] [--checkpoint-interval D] [--sample-seconds N] [--dir DIR]
              --minutes N              how long to produce and sample (default 10)
              --rate N                 calls produced per second (default 1000)
              --subscribers N, --days N  size of the simulated world fed (default 20000, 21)
              --seed N                 world seed (default 1)
              --parallelism N          job parallelism (default 2)
              --checkpoint-interval D  e.g. "10 s" (default 10 s)
              --sample-seconds N       seconds between samples (default 15)
              --dir DIR                work directory: world, broker data, checkpoints (default: a new temp dir)
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private SoakCommand() {}

    static int run(String[] argv) throws Exception {
        Args args = Args.parse("soak", argv, java.util.Set.of("minutes", "rate", "subscribers", "days", "seed",
                "parallelism", "checkpoint-interval", "sample-seconds", "dir"));
        if (args.help()) {
            System.out.print(USAGE);
            return 0;
        }
        Duration length = Duration.ofMinutes(args.getLong("minutes", 10));
        double rate = args.getLong("rate", 1000);
        int parallelism = (int) args.getLong("parallelism", 2);
        long sampleSeconds = args.getLong("sample-seconds", 15);
        Path dir = args.get("dir").isPresent() ? Path.of(args.require("dir")) : Files.createTempDirectory("leaktrace-soak-");
        PrintStream out = System.out;

        WorldSummary world = WorldSimulator.write(WorldConfig.defaults().withSeed(args.getLong("seed", 1))
                .withSize((int) args.getLong("subscribers", 20_000), (int) args.getLong("days", 21)),
                dir.resolve("world"));
        out.printf("soak: world of %d calls; producing %.0f calls/s for %d min (%d calls)%n",
                world.cdrRows(), rate, length.toMinutes(), (long) (rate * length.toSeconds()));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), Map.of())) {
            Properties p = new Properties();
            p.setProperty("bootstrap.servers", kafka.bootstrapServers());
            p.setProperty("checkpoint.interval", args.get("checkpoint-interval", "10 s"));
            p.setProperty("checkpoint.dir", dir.resolve("checkpoints").toUri().toString());
            p.setProperty("parallelism", Integer.toString(parallelism));
            p.setProperty("transaction.timeout", "5 min");
            StreamingConfig cfg = StreamingConfig.fromProperties(p);
            StreamingJob.createTopics(cfg, parallelism);
            try (TopicFeeder directory = new TopicFeeder(cfg.kafkaProperties(), 0, System.err)) {
                directory.organizations(dir.resolve("world").resolve(WorldSimulator.ORGANIZATIONS),
                        cfg.topics().organizations(), cfg.region());
            }

            int restPort = freePort();
            Configuration conf = StreamingJob.flinkConfiguration(cfg);
            conf.setString("rest.port", Integer.toString(restPort));
            StreamExecutionEnvironment env = Environments.create(parallelism, conf);
            StreamingJob.build(env, cfg);
            JobClient job = env.executeAsync("leaktrace-soak");

            Thread producer = new Thread(() -> {
                try (TopicFeeder feeder = new TopicFeeder(cfg.kafkaProperties(), rate, System.err)) {
                    feeder.calls(dir.resolve("world").resolve(WorldSimulator.CDR), cfg.topics().cdr(), cfg.region());
                } catch (Exception e) {
                    System.err.println("soak: producer stopped: " + e);
                }
            }, "soak-producer");
            producer.setDaemon(true);
            producer.start();

            Sampler sampler = new Sampler(cfg, "http://127.0.0.1:" + restPort, job.getJobID().toString());
            List<Sample> samples = new ArrayList<>();
            out.println(Sample.HEADER);
            long start = System.nanoTime();
            while (System.nanoTime() - start < length.toNanos()) {
                Thread.sleep(sampleSeconds * 1000);
                Sample s = sampler.sample((System.nanoTime() - start) / 1_000_000_000L);
                samples.add(s);
                out.println(s.line());
            }
            producer.interrupt();
            job.cancel().get(1, TimeUnit.MINUTES);
            out.println(Sample.summary(samples));
        }
        return 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** One row of the table. */
    record Sample(long seconds, long produced, long committed, long checkpoints, long failedCheckpoints,
            long lastDurationMs, long lastSizeBytes, String backpressure) {
        static final String HEADER = String.format("%6s %10s %10s %8s %6s %6s %10s %12s %s", "t[s]", "produced",
                "committed", "lag", "ckpts", "failed", "ckpt[ms]", "ckpt[bytes]", "backpressure");

        String line() {
            return String.format("%6d %10d %10d %8d %6d %6d %10d %12d %s", seconds, produced, committed,
                    produced - committed, checkpoints, failedCheckpoints, lastDurationMs, lastSizeBytes,
                    backpressure);
        }

        static String summary(List<Sample> samples) {
            if (samples.isEmpty()) {
                return "soak: no samples";
            }
            Sample first = samples.get(0);
            Sample last = samples.get(samples.size() - 1);
            long maxDuration = samples.stream().mapToLong(Sample::lastDurationMs).max().orElse(0);
            long maxSize = samples.stream().mapToLong(Sample::lastSizeBytes).max().orElse(0);
            long maxLag = samples.stream().mapToLong(s -> s.produced() - s.committed()).max().orElse(0);
            long high = samples.stream().filter(s -> s.backpressure().startsWith("high")).count();
            return String.format("soak: %d s, %d calls produced, %d committed; checkpoints %d completed, %d failed;"
                            + " checkpoint duration first %d ms, last %d ms, max %d ms; size first %d, last %d,"
                            + " max %d bytes; lag max %d, last %d; samples with high backpressure %d of %d",
                    last.seconds(), last.produced(), last.committed(), last.checkpoints(), last.failedCheckpoints(),
                    first.lastDurationMs(), last.lastDurationMs(), maxDuration, first.lastSizeBytes(),
                    last.lastSizeBytes(), maxSize, maxLag, last.produced() - last.committed(), high, samples.size());
        }
    }

    /** Reads the job's checkpoint statistics and backpressure (Flink REST) and the cdr lag (Kafka admin). */
    private static final class Sampler {
        private final StreamingConfig cfg;
        private final String rest;
        private final String jobId;
        private final HttpClient http = HttpClient.newHttpClient();

        Sampler(StreamingConfig cfg, String rest, String jobId) {
            this.cfg = cfg;
            this.rest = rest;
            this.jobId = jobId;
        }

        Sample sample(long seconds) {
            long produced = -1;
            long committed = -1;
            try (Admin admin = Admin.create(cfg.kafkaProperties())) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(cfg.groupId())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
                admin.describeTopics(List.of(cfg.topics().cdr())).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(cfg.topics().cdr()).partitions()
                        .forEach(pi -> latest.put(new TopicPartition(cfg.topics().cdr(), pi.partition()),
                                OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
                produced = ends.values().stream().mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
                committed = latest.keySet().stream().mapToLong(tp -> {
                    OffsetAndMetadata o = offsets.get(tp);
                    return o == null ? 0 : o.offset();
                }).sum();
            } catch (Exception e) {
                System.err.println("soak: cannot read offsets: " + e);
            }
            long completed = -1;
            long failed = -1;
            long duration = -1;
            long size = -1;
            String backpressure = "?";
            try {
                JsonNode checkpoints = get("/jobs/" + jobId + "/checkpoints");
                completed = checkpoints.at("/counts/completed").asLong();
                failed = checkpoints.at("/counts/failed").asLong();
                JsonNode latest = checkpoints.at("/latest/completed");
                if (!latest.isMissingNode() && !latest.isNull()) {
                    duration = latest.path("end_to_end_duration").asLong();
                    size = latest.has("checkpointed_size") ? latest.path("checkpointed_size").asLong()
                            : latest.path("state_size").asLong();
                }
                backpressure = backpressure();
            } catch (Exception e) {
                System.err.println("soak: cannot read Flink REST: " + e);
            }
            return new Sample(seconds, produced, committed, completed, failed, duration, size, backpressure);
        }

        /** The highest backpressure level of any vertex, with the vertex's name. */
        private String backpressure() throws Exception {
            String worst = "ok";
            String where = "";
            int rank = 0;
            for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
                String level = get("/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/backpressure")
                        .path("backpressure-level").asText("ok");
                int r = switch (level) {
                    case "high" -> 2;
                    case "low" -> 1;
                    default -> 0;
                };
                if (r > rank) {
                    rank = r;
                    worst = level;
                    where = " (" + v.path("name").asText() + ")";
                }
            }
            return worst + (where.length() > 60 ? where.substring(0, 60) + "…)" : where);
        }

        private JsonNode get(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rest + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        }
    }
}
