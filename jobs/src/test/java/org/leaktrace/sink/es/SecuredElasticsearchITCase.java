package org.leaktrace.sink.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.Base64;
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
 * The Elasticsearch client against a real node with security on: HTTPS with a self-signed
 * certificate the client trusts only through the configured CA file or its fingerprint, and
 * authentication required.
 *
 * <p>The integration-test distribution lacks the analysis-common module that the
 * {@code .security} index needs, so this node cannot store API keys: every API key is unknown
 * to it. The tests therefore prove TLS trust and that the configured key is sent and checked
 * (refused with 401, and a job with it fails loudly without logging it); indexing with a valid
 * key is covered by the open node ({@link ElasticsearchSinkITCase}) and the Compose stack's
 * configuration, not by a live secured node.
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
        apiKey = Base64.getEncoder().encodeToString((secret("id") + ":" + secret("key")).getBytes(StandardCharsets.UTF_8));
        apiKeyFile = Files.writeString(dir.resolve("es-api-key"), apiKey + "\n");
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void overHttpsTrustedThroughTheCaFileTheKeyFromAFileIsSentAndChecked() throws Exception {
        assertRefusedWith401(access(apiKeyFile.toString(), cert.certificatePem().toString(), null));
    }

    @Test
    void theCaFingerprintAlsoEstablishesTrust() throws Exception {
        assertRefusedWith401(access(apiKeyFile.toString(), null, cert.sha256()));
    }

    @Test
    void noKeyIsRefusedWith401() throws Exception {
        assertRefusedWith401(ElasticsearchAccess.FROM_ENVIRONMENT.configFor(node.url(),
                Map.of(ElasticsearchAccess.CA_CERT_ENV, cert.certificatePem().toString())::get));
    }

    @Test
    void aJobWithAKeyTheClusterRefusesFailsLoudlyWithoutLoggingTheKey() throws Exception {
        ElasticsearchConfig cfg = access(apiKeyFile.toString(), cert.certificatePem().toString(), null)
                .withIndexPrefix("lt-secured");
        String logged;
        Exception failure;
        try (LogCapture capture = new LogCapture()) {
            StreamExecutionEnvironment env = Environments.create(1, Environments.failFast());
            env.fromData(List.of(TestAlerts.suspicion("ls-sec-a", "cmp-sec-a", "SCH-047", TestAlerts.victims(1, 5), 0)),
                            TypeInformation.of(LeakSuspicion.class))
                    .sinkTo(new ElasticsearchSink<>(cfg, LeakTraceDocuments.suspicions("lt-secured", ZONE)))
                    .name("secured-es-sink");
            failure = assertThrows(Exception.class, () -> env.execute("secured-elasticsearch"));
            logged = capture.text();
        }
        assertTrue(causes(failure).contains("401"), causes(failure));
        assertTrue(logged.contains("401"), "the refusal was logged");
        assertFalse(logged.contains(apiKey), "the API key was logged");
        assertFalse(causes(failure).contains(apiKey), "the API key is in the failure");
        assertFalse(logged.contains(adminPassword), "the admin password was logged");
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

    private static void assertRefusedWith401(ElasticsearchConfig cfg) throws Exception {
        try (RestClient rest = ElasticsearchClients.rest(cfg)) {
            ResponseException e = assertThrows(ResponseException.class, () -> IndexSetup.install(rest, "lt-secured"));
            assertEquals(401, e.getResponse().getStatusLine().getStatusCode());
        }
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c).append('\n');
        }
        return all.toString();
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
