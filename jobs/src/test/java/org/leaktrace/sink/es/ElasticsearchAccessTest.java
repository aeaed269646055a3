package org.leaktrace.sink.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElasticsearchAccessTest {
    private static final String URL = "https://es.example.net:9200";
    private static final String FILE_KEY = "ZmlsZS1pZDpmaWxlLWtleQ==";
    private static final String ENV_KEY = "ZW52LWlkOmVudi1rZXk=";

    @TempDir
    static Path dir;

    static SelfSignedCertificate cert;
    static Path keyFile;

    @BeforeAll
    static void files() throws Exception {
        cert = SelfSignedCertificate.generate(dir, "es-unit");
        keyFile = Files.writeString(dir.resolve("api-key"), FILE_KEY + "\n");
    }

    @Test
    void nothingConfiguredIsAnOpenClusterWithTheJvmTrustStore() {
        ElasticsearchConfig c = ElasticsearchAccess.FROM_ENVIRONMENT.configFor("http://localhost:9200", env(Map.of()));
        assertNull(c.apiKey());
        assertTrue(c.tls().jvmDefault());
        assertNull(c.tls().sslContext());
    }

    @Test
    void theApiKeyComesFromTheConfiguredFileThenTheFileInTheEnvironmentThenTheEnvironment() {
        Map<String, String> both = Map.of(ElasticsearchAccess.API_KEY_FILE_ENV, keyFile.toString(),
                ElasticsearchAccess.API_KEY_ENV, ENV_KEY);
        assertEquals(FILE_KEY, new ElasticsearchAccess(keyFile.toString(), null, null)
                .configFor(URL, env(Map.of(ElasticsearchAccess.API_KEY_ENV, ENV_KEY))).apiKey());
        assertEquals(FILE_KEY, ElasticsearchAccess.FROM_ENVIRONMENT.configFor(URL, env(both)).apiKey());
        assertEquals(ENV_KEY, ElasticsearchAccess.FROM_ENVIRONMENT
                .configFor(URL, env(Map.of(ElasticsearchAccess.API_KEY_ENV, ENV_KEY))).apiKey());
    }

    @Test
    void aMissingOrEmptyKeyFileFailsNamingTheFileNotTheKey() throws Exception {
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> new ElasticsearchAccess(dir.resolve("nope").toString(), null, null).configFor(URL, env(Map.of())));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        Path empty = Files.writeString(dir.resolve("empty-key"), "\n");
        assertThrows(IllegalArgumentException.class,
                () -> new ElasticsearchAccess(empty.toString(), null, null).configFor(URL, env(Map.of())));
    }

    @Test
    void trustsTheConfiguredCaCertificateOrFingerprint() throws Exception {
        ElasticsearchConfig byCert = new ElasticsearchAccess(null, cert.certificatePem().toString(), null)
                .configFor(URL, env(Map.of()));
        assertEquals(Files.readString(cert.certificatePem()), byCert.tls().caCertificatesPem());
        assertNotNull(byCert.tls().sslContext());

        String colons = cert.sha256().toUpperCase().replaceAll("(..)(?!$)", "$1:");
        ElasticsearchConfig byFingerprint = new ElasticsearchAccess(null, null, colons).configFor(URL, env(Map.of()));
        assertEquals(cert.sha256(), byFingerprint.tls().caFingerprint());
        assertNotNull(byFingerprint.tls().sslContext());

        ElasticsearchConfig fromEnv = ElasticsearchAccess.FROM_ENVIRONMENT.configFor(URL,
                env(Map.of(ElasticsearchAccess.CA_CERT_ENV, cert.certificatePem().toString())));
        assertEquals(byCert.tls(), fromEnv.tls());
        ElasticsearchConfig configuredWins = new ElasticsearchAccess(null, null, cert.sha256()).configFor(URL,
                env(Map.of(ElasticsearchAccess.CA_CERT_ENV, cert.certificatePem().toString())));
        assertEquals(ElasticsearchTls.caFingerprint(cert.sha256()), configuredWins.tls());
    }

    @Test
    void rejectsTrustSettingsThatCannotWork() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new ElasticsearchAccess(null, null, cert.sha256())
                .configFor("http://localhost:9200", env(Map.of())));
        assertThrows(IllegalArgumentException.class, () -> new ElasticsearchAccess(null, null, "abc123")
                .configFor(URL, env(Map.of())));
        assertThrows(IllegalArgumentException.class, () -> new ElasticsearchAccess(null,
                cert.privateKeyPem().toString(), null).configFor(URL, env(Map.of())));
        assertThrows(IllegalArgumentException.class,
                () -> new ElasticsearchTls(Files.readString(cert.certificatePem()), cert.sha256()));
    }

    @Test
    void printsPlacesNeverTheKey() {
        ElasticsearchAccess access = new ElasticsearchAccess(keyFile.toString(), cert.certificatePem().toString(), null);
        ElasticsearchConfig c = access.configFor(URL, env(Map.of()));
        assertFalse(c.toString().contains(FILE_KEY), c.toString());
        assertTrue(c.toString().contains("apiKey=hidden"), c.toString());
        assertTrue(c.toString().contains("caCertificates=1"), c.toString());
        assertTrue(access.toString().contains(keyFile.toString()), access.toString());
    }

    private static UnaryOperator<String> env(Map<String, String> vars) {
        return vars::get;
    }
}
