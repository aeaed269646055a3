package org.leaktrace.sink.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.job.Environments;
import org.leaktrace.job.LogCapture;
import org.leaktrace.schema.LeakSuspicion;

/**
 * The Elasticsearch sink against a real node with security on: HTTPS with a self-signed
 * certificate the client trusts only through the configured CA file (or its fingerprint), and an
 * API key read from a file.
 */
class SecuredElasticsearchITCase {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @TempDir
    static Path dir;

    static SelfSignedCertificate cert;
    static SecuredElasticsearchNode node;
    static String adminPassword;
    static String apiKey;
    static Path apiKeyFile;

    @BeforeAll
    static void startSecuredNode() throws Exception {
        cert = SelfSignedCertificate.generate(dir.resolve("tls"), "es-http");
        adminPassword = secret("admin");
        node = SecuredElasticsearchNode.start(cert, adminPassword);
        apiKey = node.createApiKey("leaktrace-test");
        apiKeyFile = Files.writeString(dir.resolve("es-api-key"), apiKey + "\n");
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aFlinkJobIndexesAlertsOverHttpsWithTheApiKeyFromAFile() throws Exception {
        ElasticsearchConfig cfg = access(apiKeyFile.toString(), cert.certificatePem().toString(), null)
                .withIndexPrefix("lt-secured");
        String logged;
        try (LogCapture capture = new LogCapture()) {
            StreamExecutionEnvironment env = Environments.create(1, Environments.failFast());
            env.fromData(List.of(
                            TestAlerts.suspicion("ls-sec-a", "cmp-sec-a", "SCH-047", TestAlerts.victims(1, 5), 0),
                            TestAlerts.suspicion("ls-sec-b", "cmp-sec-b", "HOS-002", TestAlerts.victims(100, 3), 0)),
                            TypeInformation.of(LeakSuspicion.class))
                    .sinkTo(new ElasticsearchSink<>(cfg, LeakTraceDocuments.suspicions("lt-secured", ZONE)))
                    .name("secured-es-sink");
            env.execute("secured-elasticsearch");
            logged = capture.text();
        }
        assertEquals(2, node.count("lt-secured-suspicions-*"));
        assertEquals(8, node.count("lt-secured-evidence-*"));
        assertFalse(logged.isBlank(), "the run logged at INFO");
        assertFalse(logged.contains(apiKey), "the API key was logged");
        assertFalse(logged.contains(adminPassword), "the admin password was logged");
    }

    @Test
    void theCaFingerprintAlsoEstablishesTrust() throws Exception {
        try (RestClient rest = ElasticsearchClients.rest(access(apiKeyFile.toString(), null, cert.sha256()))) {
            assertEquals(200, rest.performRequest(new Request("GET", "/")).getStatusLine().getStatusCode());
        }
    }

    @Test
    void aWrongApiKeyIsRefusedWith401() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong-key"),
                java.util.Base64.getEncoder().encodeToString("nobody:nothing".getBytes()));
        try (RestClient rest = ElasticsearchClients.rest(access(wrong.toString(), cert.certificatePem().toString(), null))) {
            ResponseException e = assertThrows(ResponseException.class, () -> IndexSetup.install(rest, "lt-wrong-key"));
            assertEquals(401, e.getResponse().getStatusLine().getStatusCode());
        }
    }

    @Test
    void noKeyIsRefusedWith401() throws Exception {
        ElasticsearchConfig open = ElasticsearchAccess.FROM_ENVIRONMENT.configFor(node.url(),
                Map.of(ElasticsearchAccess.CA_CERT_ENV, cert.certificatePem().toString())::get);
        try (RestClient rest = ElasticsearchClients.rest(open)) {
            ResponseException e = assertThrows(ResponseException.class, () -> rest.performRequest(new Request("GET", "/")));
            assertEquals(401, e.getResponse().getStatusLine().getStatusCode());
        }
    }

    @Test
    void aServerCertificateNobodyConfiguredIsRefused() throws Exception {
        SelfSignedCertificate stranger = SelfSignedCertificate.generate(dir.resolve("tls-other"), "stranger");
        for (ElasticsearchConfig untrusting : List.of(
                access(apiKeyFile.toString(), stranger.certificatePem().toString(), null),
                access(apiKeyFile.toString(), null, stranger.sha256()),
                access(apiKeyFile.toString(), null, null))) {
            try (RestClient rest = ElasticsearchClients.rest(untrusting)) {
                assertThrows(SSLException.class, () -> rest.performRequest(new Request("GET", "/")), untrusting.toString());
            }
        }
    }

    private static ElasticsearchConfig access(String keyFile, String caCert, String fingerprint) {
        return new ElasticsearchAccess(keyFile, caCert, fingerprint).configFor(node.url(), name -> null);
    }

    private static String secret(String what) {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return what + "-" + HexFormat.of().formatHex(b);
    }
}
