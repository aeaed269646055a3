package org.leaktrace.job;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Set;
import org.leaktrace.ingest.ComplaintFormat;
import org.leaktrace.ingest.PhoneNumbers;
import org.leaktrace.launcher.Args;
import org.leaktrace.pipeline.DetectionConfig;
import org.leaktrace.sim.WorldSimulator;

/**
 * Configuration of a file replay, parsed once from the command line.
 *
 * @param cdr call records file, plain or .gz; null when only complaints are replayed
 * @param complaints complaints file
 * @param complaintsFormat the contract's complaints.csv or the FTC Do Not Call export
 * @param organizations the organization directory
 * @param out alerts JSON Lines
 * @param deadLetters dead letters JSON Lines (default: next to {@code out}, named
 *     {@code <out-name>.dead-letters.jsonl})
 * @param region default region for numbers without a country code (default CN)
 * @param zone zone of the times LeakTrace writes (default: the region's, Asia/Shanghai for CN)
 * @param parallelism operator parallelism (default: the machine's cores)
 * @param keys where the pseudonym key comes from
 * @param detection detection settings
 * @param elasticsearch URL of an Elasticsearch cluster that also receives the alerts, or null
 *     (API key and trusted CA, if any, from the environment: see {@link
 *     org.leaktrace.sink.es.ElasticsearchAccess})
 */
public record ReplayConfig(
        String cdr,
        String complaints,
        ComplaintFormat complaintsFormat,
        String organizations,
        String out,
        String deadLetters,
        String region,
        ZoneId zone,
        int parallelism,
        PseudonymKeySource keys,
        DetectionConfig detection,
        String elasticsearch) {

    /** Environment variable holding the Elasticsearch API key; never a flag, so never in a shell history. */
    public static final String ES_API_KEY_ENV = org.leaktrace.sink.es.ElasticsearchAccess.API_KEY_ENV;

    /** A replay that writes alerts to files only. */
    public ReplayConfig(String cdr, String complaints, ComplaintFormat complaintsFormat, String organizations,
            String out, String deadLetters, String region, ZoneId zone, int parallelism, PseudonymKeySource keys,
            DetectionConfig detection) {
        this(cdr, complaints, complaintsFormat, organizations, out, deadLetters, region, zone, parallelism, keys,
                detection, null);
    }

    /**
     * The replay of a simulated world's files in {@code worldDir} (contract formats, numbers of
     * the simulator's region, CN), with the default detection settings: the demo's, and the
     * tests'. {@code elasticsearch} may be null.
     */
    public static ReplayConfig ofWorld(Path worldDir, Path alerts, Path deadLetters, ZoneId zone, int parallelism,
            PseudonymKeySource keys, String elasticsearch) {
        return new ReplayConfig(
                worldDir.resolve(WorldSimulator.CDR).toString(),
                worldDir.resolve(WorldSimulator.COMPLAINTS).toString(),
                ComplaintFormat.CONTRACT,
                worldDir.resolve(WorldSimulator.ORGANIZATIONS).toString(),
                alerts.toString(),
                deadLetters.toString(),
                "CN",
                zone,
                parallelism,
                keys,
                DetectionConfig.defaults(),
                elasticsearch);
    }

    public static final Set<String> FLAGS = Set.of(
            "cdr", "complaints", "organizations", "out", "dead-letters", "region", "zone",
            "parallelism", "complaints-format", "pseudonym-key-file", "es");

    public static final String HELP = """
            Usage: leaktrace replay --cdr F --complaints F --organizations F --out F
                                    [--dead-letters F] [--region CN] [--parallelism N]
                                    [--complaints-format contract|ftc-dnc] [--zone ZONE]
                                    [--pseudonym-key-file F] [--es URL]

            Runs the detection pipeline in event time over files (plain or .gz) and exits 0 when
            the input is fully processed. --cdr may be omitted to replay complaints only.
              --dead-letters      unreadable rows with line and reason
                                  (default: <out>.dead-letters.jsonl beside --out)
              --region            region for numbers without country code (default CN)
              --zone              zone of output times (default: the region's; CN Asia/Shanghai)
              --parallelism       operator parallelism (default: number of cores)
              --pseudonym-key-file  HMAC key for victim pseudonyms (or env LEAKTRACE_PSEUDONYM_KEY_FILE
                                  or LEAKTRACE_PSEUDONYM_KEY; without any, a random key for this run only)
              --es                also index the alerts into Elasticsearch at URL (API key, if
                                  needed, from env LEAKTRACE_ES_API_KEY_FILE or LEAKTRACE_ES_API_KEY;
                                  https trusts env LEAKTRACE_ES_CA_CERT or LEAKTRACE_ES_CA_FINGERPRINT)
            """;

    /** Parses and checks the replay flags; input files must exist. */
    public static ReplayConfig fromArgs(Args args) {
        String cdr = args.get("cdr").orElse(null);
        String complaints = args.require("complaints");
        String organizations = args.require("organizations");
        String out = args.require("out");
        for (String f : new String[] {cdr, complaints, organizations}) {
            if (f != null && !Path.of(f).toFile().isFile()) {
                throw new Args.UsageException("replay: no such file: " + f);
            }
        }
        String region;
        ComplaintFormat complaintsFormat;
        ZoneId zone;
        try {
            region = PhoneNumbers.region(args.get("region", "CN"));
            complaintsFormat = ComplaintFormat.fromCli(args.get("complaints-format", "contract"));
            zone = args.get("zone").map(ZoneId::of).orElse(zoneOf(region));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new Args.UsageException("replay: " + e.getMessage());
        }
        return new ReplayConfig(
                cdr,
                complaints,
                complaintsFormat,
                organizations,
                out,
                args.get("dead-letters").orElse(defaultDeadLetters(out)),
                region,
                zone,
                args.getInt("parallelism", Runtime.getRuntime().availableProcessors()),
                PseudonymKeySource.from(args.get("pseudonym-key-file").orElse(null)),
                DetectionConfig.defaults().forRegion(region),
                args.get("es").orElse(null));
    }

    /** {@code dir/alerts.jsonl} → {@code dir/alerts.dead-letters.jsonl}. */
    static String defaultDeadLetters(String out) {
        Path p = Path.of(out);
        String name = p.getFileName().toString();
        String base = name.replaceFirst("\\.jsonl(\\.gz)?$", "").replaceFirst("\\.json$", "");
        Path sibling = p.resolveSibling(base + ".dead-letters.jsonl");
        return sibling.toString();
    }

    /** The zone in which a region's operators export local times. */
    static ZoneId zoneOf(String region) {
        return switch (region) {
            case "CN" -> ZoneId.of("Asia/Shanghai");
            case "HK" -> ZoneId.of("Asia/Hong_Kong");
            case "TW" -> ZoneId.of("Asia/Taipei");
            case "US" -> ZoneId.of("America/New_York");
            case "GB" -> ZoneId.of("Europe/London");
            default -> ZoneId.of("UTC");
        };
    }
}
