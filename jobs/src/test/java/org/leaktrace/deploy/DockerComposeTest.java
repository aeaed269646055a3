package org.leaktrace.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.job.StreamingConfig;

/**
 * docker/docker-compose.yml: valid for docker-compose itself, every image pinned, secrets only from
 * the environment, health-checked services, and the Flink configuration and job properties it mounts.
 */
class DockerComposeTest {
    private static final String COMPOSE = "docker/docker-compose.yml";
    private static final Map<String, String> SECRETS = Map.of(
            "ELASTIC_PASSWORD", "test-elastic-password",
            "KIBANA_PASSWORD", "test-kibana-password",
            "KIBANA_ENCRYPTION_KEY", "0123456789abcdef0123456789abcdef",
            "LEAKTRACE_PSEUDONYM_KEY", "test-pseudonym-key");
    private static final Set<String> ONE_SHOT = Set.of("setup-elasticsearch", "setup-kibana", "setup-kafka",
            "submit-job", "traffic");
    private static final Pattern PINNED = Pattern.compile("[^:@]+:\\d+(\\.\\d+)+[-\\w.]*");

    /** Each docker-compose run's working directory lives under this, which JUnit deletes. */
    @TempDir
    static Path runs;

    @Test
    void dockerComposeAcceptsTheFileWhenTheSecretsAreSet() throws Exception {
        Path binary = dockerCompose();
        Result r = compose(binary, SECRETS, "config", "-q");
        assertEquals(0, r.exit(), r.output());
    }

    @Test
    void dockerComposeRefusesTheFileWithoutASecret() throws Exception {
        Path binary = dockerCompose();
        for (String missing : SECRETS.keySet()) {
            Map<String, String> env = new java.util.HashMap<>(SECRETS);
            env.remove(missing);
            Result r = compose(binary, env, "config", "-q");
            assertNotEquals(0, r.exit(), "accepted without " + missing);
            assertTrue(r.output().contains(missing), r.output());
        }
    }

    @Test
    void everyImageIsPinnedToAVersion() throws IOException {
        for (Map.Entry<String, JsonNode> s : services().entrySet()) {
            String image = s.getValue().path("image").asText();
            assertTrue(PINNED.matcher(image).matches(), s.getKey() + " image not pinned: " + image);
        }
        assertEquals("flink:2.2.1-java17", services().get("jobmanager").path("image").asText());
        assertTrue(services().get("elasticsearch").path("image").asText().endsWith(":8.19.8"));
        assertTrue(services().get("kibana").path("image").asText().endsWith(":8.19.8"));
        assertTrue(services().get("kafka").path("image").asText().startsWith("apache/kafka:"));
    }

    @Test
    void secretsComeOnlyFromRequiredSubstitutions() throws IOException {
        for (Map.Entry<String, JsonNode> s : services().entrySet()) {
            JsonNode env = s.getValue().path("environment");
            for (var it = env.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().matches(".*(PASSWORD|ENCRYPTIONKEY|PSEUDONYM_KEY)")) {
                    assertTrue(e.getValue().asText().matches("\\$\\{[A-Z_]+:\\?.*}"),
                            s.getKey() + "." + e.getKey() + " must be a ${VAR:?} substitution");
                }
            }
        }
        assertEquals("true", services().get("elasticsearch").path("environment")
                .path("xpack.security.enabled").asText());
    }

    @Test
    void elasticsearchRequiresAuthenticationAndEveryClientHasItsOwnCredentials() throws IOException {
        JsonNode es = services().get("elasticsearch").path("environment");
        assertEquals("true", es.path("xpack.security.enabled").asText());
        assertEquals("${ELASTIC_PASSWORD:?set ELASTIC_PASSWORD in docker/.env}", es.path("ELASTIC_PASSWORD").asText());
        String health = services().get("elasticsearch").path("healthcheck").path("test").get(1).asText();
        assertTrue(health.contains("-u \"elastic:"), health);
        // Kibana logs in as its system user, never as the superuser.
        JsonNode kibana = services().get("kibana").path("environment");
        assertEquals("kibana_system", kibana.path("ELASTICSEARCH_USERNAME").asText());
        assertTrue(kibana.path("ELASTICSEARCH_PASSWORD").asText().startsWith("${KIBANA_PASSWORD:?"));
        String setup = services().get("setup-elasticsearch").path("command").get(0).asText();
        assertTrue(setup.contains("/_security/user/kibana_system/_password"), setup);
        // The job gets an API key limited to leaktrace-* indices, through a file only it mounts.
        assertTrue(setup.contains("/_security/api_key") && setup.contains("\"names\":[\"leaktrace-*\"]"), setup);
        assertEquals("/setup/secrets/es-api-key", services().get("submit-job").path("environment")
                .path("LEAKTRACE_ES_API_KEY_FILE").asText());
        for (Map.Entry<String, JsonNode> s : services().entrySet()) {
            assertFalse(s.getValue().path("environment").has("LEAKTRACE_ES_API_KEY"), s.getKey());
            boolean mountsSecrets = texts(s.getValue().path("volumes")).stream().anyMatch(v -> v.startsWith("setup-secrets:"));
            assertEquals(Set.of("setup-elasticsearch", "submit-job").contains(s.getKey()), mountsSecrets, s.getKey());
        }
    }

    @Test
    void longRunningServicesAreHealthCheckedAndOneShotsAreNotRestarted() throws IOException {
        for (Map.Entry<String, JsonNode> s : services().entrySet()) {
            if (ONE_SHOT.contains(s.getKey())) {
                assertEquals("no", s.getValue().path("restart").asText(), s.getKey());
            } else {
                assertTrue(s.getValue().has("healthcheck"), s.getKey() + " has no healthcheck");
            }
        }
        String submit = services().get("submit-job").path("command").toString();
        assertTrue(submit.contains("flink run"), submit);
        assertTrue(submit.contains("run --config"), submit);
        String traffic = services().get("traffic").path("command").toString();
        assertTrue(traffic.contains("simulate") && traffic.contains("--rate"), traffic);
    }

    @Test
    void flinkMountsItsConfigurationAndTheNamedStateVolume() throws IOException {
        JsonNode compose = RepoFiles.yaml(COMPOSE);
        assertTrue(compose.path("volumes").has("flink-state"));
        for (String service : List.of("jobmanager", "taskmanager")) {
            List<String> volumes = texts(services().get(service).path("volumes"));
            assertTrue(volumes.contains("./flink/config.yaml:/opt/leaktrace/conf/config.yaml:ro"), service + volumes);
            assertTrue(volumes.contains("flink-state:/flink-state"), service + volumes);
            assertTrue(services().get(service).path("command").toString().contains(
                    "cp /opt/leaktrace/conf/config.yaml /opt/flink/conf/config.yaml"), service);
        }
    }

    @Test
    void flinkConfigurationRestartsFromCheckpointsOnTheStateVolume() throws IOException {
        JsonNode conf = RepoFiles.yaml("docker/flink/config.yaml");
        JsonNode checkpointing = conf.path("execution").path("checkpointing");
        assertTrue(checkpointing.path("dir").asText().startsWith("file:///flink-state/"));
        assertTrue(checkpointing.path("savepoint-dir").asText().startsWith("file:///flink-state/"));
        assertEquals("RETAIN_ON_CANCELLATION", checkpointing.path("externalized-checkpoint-retention").asText());
        assertNotEquals("none", conf.path("restart-strategy").path("type").asText("none"));
        assertEquals(2, conf.path("taskmanager").path("numberOfTaskSlots").asInt());
        assertEquals("jobmanager", conf.path("jobmanager").path("rpc").path("address").asText());
    }

    @Test
    void jobPropertiesAreAValidStreamingConfiguration() throws IOException {
        StreamingConfig cfg = StreamingConfig.load(RepoFiles.path("docker/flink/leaktrace-streaming.properties"));
        assertEquals("kafka:9092", cfg.bootstrapServers());
        assertEquals("file:///flink-state/checkpoints", cfg.checkpointDir());
        assertEquals("http://elasticsearch:9200", cfg.elasticsearch());
        assertFalse(cfg.bounded());
    }

    private static Map<String, JsonNode> services() throws IOException {
        Map<String, JsonNode> services = new java.util.TreeMap<>();
        RepoFiles.yaml(COMPOSE).path("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The docker-compose binary; the test is skipped without one, except on CI where it must exist. */
    private static Path dockerCompose() {
        Optional<Path> found = onPath("docker-compose");
        if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
            fail("docker-compose is not installed on this CI machine (apt-get install docker-compose)");
        }
        Assumptions.assumeTrue(found.isPresent(), "docker-compose not installed");
        return found.get();
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private record Result(int exit, String output) {}

    private static Result compose(Path binary, Map<String, String> secrets, String... args) throws Exception {
        Path dir = Files.createTempDirectory(runs, "compose");
        // An empty env file: a developer's docker/.env must not supply the variables under test.
        Path noEnvFile = Files.createFile(dir.resolve("empty.env"));
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--env-file", noEnvFile.toString(),
                "-f", RepoFiles.path(COMPOSE).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // Only the variables under test, not the developer's shell.
        pb.environment().keySet().removeIf(k -> SECRETS.containsKey(k) || k.startsWith("TRAFFIC_")
                || k.startsWith("LEAKTRACE_"));
        pb.environment().putAll(secrets);
        pb.directory(dir.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("docker-compose config did not finish in 60 s");
        }
        return new Result(p.exitValue(), out);
    }
}
