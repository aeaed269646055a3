package org.leaktrace.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.leaktrace.job.StreamingConfig;

/**
 * deploy/kubernetes: the FlinkDeployment runs the slim job jar in application mode, upgrades
 * through savepoints, keeps checkpoints durable, and finds its configuration and secrets.
 */
class KubernetesManifestsTest {
    private static final String DEPLOYMENT = "deploy/kubernetes/leaktrace-flinkdeployment.yaml";
    private static final String CONFIG = "deploy/kubernetes/leaktrace-config.yaml";

    @Test
    void theJobRunsTheSlimJarWithTheMountedConfiguration() throws IOException {
        JsonNode job = deployment().path("spec").path("job");
        assertEquals("local:///opt/flink/usrlib/leaktrace-job.jar", job.path("jarURI").asText());
        assertEquals("org.leaktrace.launcher.Launcher", job.path("entryClass").asText());
        List<String> args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
        assertEquals(List.of("run", "--config", "/opt/leaktrace/config/leaktrace-streaming.properties"), args);
        assertTrue(job.path("parallelism").asInt() >= 1);

        String dockerfile = Files.readString(RepoFiles.path("deploy/kubernetes/Dockerfile"));
        assertTrue(dockerfile.contains("/opt/flink/usrlib/leaktrace-job.jar"), dockerfile);
        assertTrue(dockerfile.contains("FROM flink:2.2.1-java17"), dockerfile);
    }

    @Test
    void upgradesGoThroughSavepointsInApplicationMode() throws IOException {
        JsonNode spec = deployment().path("spec");
        assertEquals("FlinkDeployment", deployment().path("kind").asText());
        assertEquals("savepoint", spec.path("job").path("upgradeMode").asText());
        assertEquals("running", spec.path("job").path("state").asText());
        assertFalse(spec.path("job").path("allowNonRestoredState").asBoolean(true),
                "state that no operator claims must fail the upgrade, not vanish");
        assertEquals("v2_2", spec.path("flinkVersion").asText());
    }

    @Test
    void checkpointsAndSavepointsAreDurableAndRetained() throws IOException {
        JsonNode conf = deployment().path("spec").path("flinkConfiguration");
        String checkpoints = conf.path("execution.checkpointing.dir").asText();
        String savepoints = conf.path("execution.checkpointing.savepoint-dir").asText();
        assertTrue(checkpoints.startsWith("s3://"), checkpoints);
        assertTrue(savepoints.startsWith("s3://"), savepoints);
        assertEquals("RETAIN_ON_CANCELLATION",
                conf.path("execution.checkpointing.externalized-checkpoint-retention").asText());
        assertEquals("kubernetes", conf.path("high-availability.type").asText());
        assertFalse(conf.path("restart-strategy.type").asText().equals("none"));
        assertEquals(checkpoints, streamingProperties().getProperty("checkpoint.dir"),
                "the job's checkpoint.dir overrides the cluster's: keep them equal");
    }

    @Test
    void resourcesAreSetForBothProcesses() throws IOException {
        JsonNode spec = deployment().path("spec");
        for (String process : List.of("jobManager", "taskManager")) {
            JsonNode resource = spec.path(process).path("resource");
            assertTrue(resource.path("memory").asText().matches("\\d+m"), process);
            assertTrue(resource.path("cpu").asDouble() > 0, process);
        }
        assertEquals("2", spec.path("flinkConfiguration").path("taskmanager.numberOfTaskSlots").asText());
    }

    @Test
    void secretsComeFromTheSecretAndTheConfigurationFromTheConfigMap() throws IOException {
        JsonNode container = deployment().path("spec").path("podTemplate").path("spec").path("containers").get(0);
        assertEquals("flink-main-container", container.path("name").asText());
        List<String> fromSecret = new ArrayList<>();
        container.path("env").forEach(e -> {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                assertEquals("leaktrace-secrets", ref.path("name").asText());
                fromSecret.add(e.path("name").asText());
            }
        });
        assertEquals(List.of("LEAKTRACE_PSEUDONYM_KEY", "LEAKTRACE_ES_API_KEY"), fromSecret);
        assertEquals("/opt/leaktrace/config", container.path("volumeMounts").get(0).path("mountPath").asText());
        JsonNode volume = deployment().path("spec").path("podTemplate").path("spec").path("volumes").get(0);
        assertEquals("leaktrace-config", volume.path("configMap").path("name").asText());
        assertEquals("leaktrace-config", RepoFiles.yaml(CONFIG).path("metadata").path("name").asText());
    }

    @Test
    void theConfigMapHoldsAValidStreamingConfigurationWithoutSecrets() throws IOException {
        Properties props = streamingProperties();
        StreamingConfig cfg = StreamingConfig.fromProperties(props);
        assertEquals("rocksdb", cfg.stateBackend());
        assertFalse(cfg.bounded());
        assertEquals(deployment().path("spec").path("job").path("parallelism").asInt(), cfg.parallelism());
        for (String key : props.stringPropertyNames()) {
            assertFalse(key.matches(".*(password|jaas|secret|pseudonym).*"), "secret in a ConfigMap: " + key);
        }
    }

    private static JsonNode deployment() throws IOException {
        List<JsonNode> docs = RepoFiles.yamlDocuments(DEPLOYMENT);
        assertEquals(1, docs.size());
        return docs.get(0);
    }

    private static Properties streamingProperties() throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(RepoFiles.yaml(CONFIG).path("data").path("leaktrace-streaming.properties").asText()));
        return props;
    }
}
