package org.leaktrace.sink.es;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Elasticsearch for integration tests, from the distribution the build
 * unpacks into {@code target/elasticsearch/} (maven-dependency-plugin, pre-integration-test).
 *
 * <p>Elasticsearch refuses to run as root. Under root (CI) the node runs as a system user
 * {@value #USER}, created when missing, which owns the distribution and a fresh data directory;
 * elsewhere it runs as the current user. Security and machine learning are off, the heap is
 * small, the ports are free ones on loopback. The whole process tree is stopped afterwards.
 */
public final class ElasticsearchNode implements BeforeAllCallback, AfterAllCallback {
    static final String USER = "leaktrace-es";
    private static final Duration STARTUP = Duration.ofSeconds(180);

    private Process process;
    private Path work;
    private String url;

    /** Base URL, e.g. {@code http://127.0.0.1:40123}; valid after start. */
    public String url() {
        return url;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    /** Starts the node and waits for cluster health yellow. */
    public void start() throws Exception {
        Path home = distribution();
        work = Files.createTempDirectory("leaktrace-es-");
        Path data = Files.createDirectories(work.resolve("data"));
        Path logs = Files.createDirectories(work.resolve("logs"));
        int httpPort = freePort();
        int transportPort = freePort();
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            ensureUser();
            run("chown", "-R", USER + ":" + USER, home.toString(), work.toString());
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        command.addAll(List.of(home.resolve("bin/elasticsearch").toString(),
                "-E", "discovery.type=single-node",
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=" + httpPort,
                "-E", "transport.port=" + transportPort,
                "-E", "xpack.security.enabled=false",
                "-E", "xpack.ml.enabled=false",
                "-E", "path.data=" + data,
                "-E", "path.logs=" + logs,
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false"));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("console.log").toFile());
        pb.environment().put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        pb.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("ES_TMPDIR", Files.createDirectories(work.resolve("tmp")).toString());
        if (isRoot()) {
            run("chown", "-R", USER + ":" + USER, work.toString());
        }
        process = pb.start();
        url = "http://127.0.0.1:" + httpPort;
        awaitYellow();
    }

    /** Stops the node and every process it started. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        ProcessTree.stop(process);
        process = null;
    }

    private void awaitYellow() throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with " + process.exitValue() + ":\n" + consoleTail());
            }
            if (healthy()) {
                return;
            }
            Thread.sleep(500);
        }
        stop();
        throw new IllegalStateException("Elasticsearch not yellow within " + STARTUP + ":\n" + consoleTail());
    }

    private boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(
                    url + "/_cluster/health?wait_for_status=yellow&timeout=1s").toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            try (InputStream in = c.getInputStream()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return c.getResponseCode() == 200 && !body.contains("\"timed_out\":true");
            }
        } catch (IOException e) {
            return false;
        }
    }

    private String consoleTail() throws IOException {
        List<String> lines = Files.readAllLines(work.resolve("console.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** The unpacked distribution: {@code -Dleaktrace.es.home} or the one under target/elasticsearch. */
    static Path distribution() throws IOException {
        String configured = System.getProperty("leaktrace.es.home");
        if (configured != null) {
            return Path.of(configured);
        }
        Path unpacked = Path.of("target", "elasticsearch").toAbsolutePath();
        if (!Files.isDirectory(unpacked)) {
            throw new IllegalStateException("no Elasticsearch distribution in " + unpacked
                    + ": run through `mvn verify` (maven-dependency-plugin unpacks it before integration tests)");
        }
        try (Stream<Path> dirs = Files.list(unpacked)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("elasticsearch-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no elasticsearch-* in " + unpacked));
        }
    }

    static boolean isRoot() throws Exception {
        return "0".equals(output("id", "-u").strip());
    }

    static void ensureUser() throws Exception {
        if (new ProcessBuilder("id", "-u", USER).start().waitFor() != 0) {
            run("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
