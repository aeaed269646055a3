package org.leaktrace.sink.es;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch with security on: TLS on HTTP with a given self-signed
 * certificate, authentication required, a superuser in the file realm (used only to wait for
 * the node's health).
 *
 * <p>The same distribution as {@link ElasticsearchNode} (it carries the x-pack-security module),
 * with its own copy of the configuration directory so the shared one stays untouched. Under root
 * the node runs as {@value ElasticsearchNode#USER}, as there.
 */
final class SecuredElasticsearchNode implements AutoCloseable {
    static final String ADMIN = "leaktrace-admin";
    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final Process process;
    private final Path work;
    private final String url;
    private final HttpClient http;
    private final String adminAuthorization;

    private SecuredElasticsearchNode(Process process, Path work, String url, HttpClient http, String adminPassword) {
        this.process = process;
        this.work = work;
        this.url = url;
        this.http = http;
        this.adminAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((ADMIN + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** Starts the node serving {@code cert} and waits for cluster health yellow. */
    static SecuredElasticsearchNode start(SelfSignedCertificate cert, String adminPassword) throws Exception {
        Path home = ElasticsearchNode.distribution();
        Path work = Files.createTempDirectory("leaktrace-es-secured-");
        Path conf = work.resolve("config");
        copyTree(home.resolve("config"), conf);
        Files.createDirectories(conf.resolve("certs"));
        Files.copy(cert.certificatePem(), conf.resolve("certs/http.crt"));
        Files.copy(cert.privateKeyPem(), conf.resolve("certs/http.key"));
        boolean root = ElasticsearchNode.isRoot();
        Map<String, String> esEnv = Map.of(
                "ES_PATH_CONF", conf.toString(),
                "ES_JAVA_HOME", System.getenv().getOrDefault("ES_JAVA_HOME", System.getProperty("java.home")),
                "ES_JAVA_OPTS", "-Xms512m -Xmx512m",
                "ES_TMPDIR", Files.createDirectories(work.resolve("tmp")).toString());
        run(esEnv, home.resolve("bin/elasticsearch-users").toString(), "useradd", ADMIN, "-p", adminPassword,
                "-r", "superuser");
        List<String> command = new ArrayList<>();
        if (root) {
            ElasticsearchNode.ensureUser();
            run(Map.of(), "chown", "-R", ElasticsearchNode.USER + ":" + ElasticsearchNode.USER, home.toString(), work.toString());
            command.addAll(List.of("runuser", "-u", ElasticsearchNode.USER, "--"));
        }
        int httpPort = freePort();
        command.addAll(List.of(home.resolve("bin/elasticsearch").toString(),
                "-E", "discovery.type=single-node",
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=" + httpPort,
                "-E", "transport.port=" + freePort(),
                "-E", "xpack.security.enabled=true",
                "-E", "xpack.security.http.ssl.enabled=true",
                "-E", "xpack.security.http.ssl.certificate=certs/http.crt",
                "-E", "xpack.security.http.ssl.key=certs/http.key",
                "-E", "xpack.security.transport.ssl.enabled=false",
                "-E", "xpack.security.authc.api_key.enabled=true",
                "-E", "xpack.ml.enabled=false",
                "-E", "path.data=" + Files.createDirectories(work.resolve("data")),
                "-E", "path.logs=" + Files.createDirectories(work.resolve("logs")),
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false"));
        if (root) {
            run(Map.of(), "chown", "-R", ElasticsearchNode.USER + ":" + ElasticsearchNode.USER, work.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("console.log").toFile());
        pb.environment().putAll(esEnv);
        Process process = pb.start();
        HttpClient http = HttpClient.newBuilder()
                .sslContext(ElasticsearchTls.caCertificates(Files.readString(cert.certificatePem())).sslContext())
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        SecuredElasticsearchNode node = new SecuredElasticsearchNode(
                process, work, "https://localhost:" + httpPort, http, adminPassword);
        node.awaitYellow();
        return node;
    }

    /** {@code https://localhost:PORT}: the host name the certificate names. */
    String url() {
        return url;
    }

    private void awaitYellow() throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with " + process.exitValue() + ":\n" + consoleTail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                        .header("Authorization", adminAuthorization).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && !r.body().contains("\"timed_out\":true")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("Elasticsearch not yellow within " + STARTUP + ":\n" + consoleTail());
    }

    @Override
    public void close() throws InterruptedException {
        ProcessTree.stop(process);
    }

    private String consoleTail() throws IOException {
        List<String> lines = Files.readAllLines(work.resolve("console.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
