package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;
import org.leaktrace.sink.es.ElasticsearchNode;

/**
 * Every analyst notebook under {@code notebooks/}, executed headless with Jupyter against the
 * alerts of a real pipeline run over a small simulated world: from its JSON Lines file, and once
 * from the Elasticsearch node the same run indexed into.
 *
 * <p>The notebooks are documentation that runs: if a field they read is renamed or a plot breaks,
 * this fails. Executed outputs are also searched for numbers in clear, since a notebook that
 * prints a victim's number would leak personal data into every rendered copy. Without Jupyter
 * the test is skipped on a developer machine and fails in CI (env {@code CI=true}), where
 * {@code .ci/run} installs it.
 */
class NotebooksITCase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("\\+\\d{6,20}");
    private static final long NOTEBOOK_TIMEOUT_S = 600;
    private static final String INSTALL = "sudo apt-get install jupyter-nbconvert python3-nbformat python3-ipykernel "
            + "python3-pandas python3-matplotlib python3-elasticsearch python3-networkx (see notebooks/README.md)";

    @TempDir
    static Path dir;

    static Path alerts;
    static Path worldDir;
    static Set<String> numbersAllowedInClear;
    static ElasticsearchNode elasticsearch;

    @BeforeAll
    static void runThePipelineOnASmallWorld() throws Exception {
        requireJupyter();
        elasticsearch = new ElasticsearchNode();
        elasticsearch.start();
        worldDir = dir.resolve("world");
        WorldSimulator.write(WorldConfig.defaults().withSeed(11).withSize(5_000, 14), worldDir);
        alerts = dir.resolve("alerts.jsonl");
        ReplayConfig cfg = ReplayConfig.ofWorld(worldDir, alerts, dir.resolve("dead-letters.jsonl"),
                ReplayConfig.zoneOf("CN"), 2, PseudonymKeySource.from(null), elasticsearch.url());
        RunSummary run = ReplayJob.run(cfg, ProgressReporter.silent());
        assertTrue(run.suspicionLines() > 0, "the notebooks need suspicions to show");
        numbersAllowedInClear = callersAndSources(alerts);
        refresh(elasticsearch.url());
    }

    @AfterAll
    static void stopElasticsearch() throws InterruptedException {
        if (elasticsearch != null) {
            elasticsearch.stop();
        }
    }

    static Stream<String> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(notebooksDir())) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".ipynb"))
                    .sorted()
                    .toList();
            assertFalse(names.isEmpty(), "no notebooks under " + notebooksDir());
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    void executesWithPlotsAndNoErrorsAndNoVictimNumbers(String name) throws Exception {
        assertShowsPlotsWithoutErrorsOrVictims(name, execute(name, "file", Map.of()));
    }

    @Test
    void readsTheSameSuspicionsFromElasticsearch() throws Exception {
        String name = "01_source_evidence.ipynb";
        JsonNode executed;
        try (RootAnsweringProxy proxy = new RootAnsweringProxy(elasticsearch.url())) {
            executed = execute(name, "es", Map.of("LEAKTRACE_ES_URL", proxy.url()));
            assertTrue(allText(executed).contains("alerts from Elasticsearch at " + proxy.url()));
        }
        assertShowsPlotsWithoutErrorsOrVictims(name, executed);

        Set<String> suspicions = new HashSet<>();
        Set<String> callerAlerts = new HashSet<>();
        for (String line : Files.readAllLines(alerts, StandardCharsets.UTF_8)) {
            JsonNode a = JSON.readTree(line);
            if (a.has("suspicion_id")) {
                suspicions.add(a.get("suspicion_id").asText());
            } else {
                callerAlerts.add(a.get("alert_id").asText());
            }
        }
        String all = allText(executed);
        // Elasticsearch holds one document per suspicion: its latest state.
        String counts = suspicions.size() + " suspicions in " + suspicions.size() + " lines, "
                + callerAlerts.size() + " caller alerts";
        assertTrue(all.contains(counts), "expected '" + counts + "' in:\n" + all);
    }

    /** Runs a notebook headless against this run's output; returns the executed notebook. */
    private static JsonNode execute(String name, String variant, Map<String, String> extraEnv) throws Exception {
        Path out = Files.createDirectories(dir.resolve("executed-" + variant));
        Path log = out.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=" + NOTEBOOK_TIMEOUT_S, "--output-dir", out.toString(),
                notebooksDir().resolve(name).toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.remove("LEAKTRACE_ES_URL");
        env.remove("LEAKTRACE_ES_API_KEY");
        env.remove("LEAKTRACE_SOURCE");
        env.put("LEAKTRACE_ALERTS", alerts.toString());
        env.put("LEAKTRACE_WORLD", worldDir.toString());
        env.put("MPLBACKEND", "agg");
        env.putAll(extraEnv);
        Process p = pb.start();
        if (!p.waitFor(NOTEBOOK_TIMEOUT_S + 60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(name + " did not finish in time; log: " + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), name + " failed:\n" + Files.readString(log));
        return JSON.readTree(out.resolve(name).toFile());
    }

    private static void assertShowsPlotsWithoutErrorsOrVictims(String name, JsonNode executed) {
        int images = 0;
        List<String> errors = new ArrayList<>();
        List<String> inClear = new ArrayList<>();
        for (JsonNode cell : executed.get("cells")) {
            for (JsonNode output : cell.path("outputs")) {
                if (output.path("output_type").asText().equals("error")) {
                    errors.add(output.path("ename").asText() + ": " + output.path("evalue").asText());
                }
                if (output.path("data").has("image/png")) {
                    images++;
                }
                Matcher m = NUMBER.matcher(text(output));
                while (m.find()) {
                    if (!numbersAllowedInClear.contains(m.group())) {
                        inClear.add(m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), errors, name + " has error outputs");
        assertTrue(images > 0, name + " shows no plot");
        assertEquals(List.of(), inClear, name + " shows numbers in clear that are neither callers nor sources");
    }

    private static String allText(JsonNode executed) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode cell : executed.get("cells")) {
            cell.path("outputs").forEach(o -> sb.append(text(o)));
        }
        return sb.toString();
    }

    /** Makes every indexed alert searchable now rather than at the next periodic refresh. */
    private static void refresh(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url + "/leaktrace-*/_refresh").toURL().openConnection();
        c.setRequestMethod("POST");
        assertEquals(200, c.getResponseCode(), "refresh of the alert indices");
        c.disconnect();
    }

    /** The human-readable parts of an output; images are base64 and would match by chance. */
    private static String text(JsonNode output) {
        StringBuilder sb = new StringBuilder();
        append(sb, output.path("text"));
        append(sb, output.path("evalue"));
        append(sb, output.path("traceback"));
        output.path("data").fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("image/")) {
                append(sb, e.getValue());
            }
        });
        return sb.toString();
    }

    private static void append(StringBuilder sb, JsonNode value) {
        if (value.isArray()) {
            value.forEach(v -> sb.append(v.asText()));
        } else if (!value.isMissingNode()) {
            sb.append(value.asText());
        }
        sb.append('\n');
    }

    private static Set<String> callersAndSources(Path alertsFile) throws IOException {
        Set<String> allowed = new HashSet<>();
        for (String line : Files.readAllLines(alertsFile, StandardCharsets.UTF_8)) {
            JsonNode a = JSON.readTree(line);
            a.path("callers").forEach(c -> allowed.add(c.asText()));
            for (String field : List.of("caller", "source_number")) {
                if (a.hasNonNull(field)) {
                    allowed.add(a.get(field).asText());
                }
            }
        }
        return allowed;
    }

    /** {@code notebooks/} of the repository; tests run in {@code jobs/}. */
    private static Path notebooksDir() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("notebooks"))) {
                return p.resolve("notebooks");
            }
        }
        throw new IllegalStateException("no notebooks/ above " + cwd);
    }

    private static void requireJupyter() {
        String problem = jupyterProblem();
        if (problem == null) {
            return;
        }
        String message = "Jupyter is needed to execute the notebooks (" + problem + "); install it: " + INSTALL;
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.assumeTrue(false, message);
    }

    /** Why {@code jupyter nbconvert} cannot run here, or null when it can. */
    private static String jupyterProblem() {
        try {
            Process p = new ProcessBuilder("jupyter", "nbconvert", "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "jupyter nbconvert --version did not answer";
            }
            return p.exitValue() == 0 ? null : "jupyter nbconvert --version: " + out;
        } catch (IOException e) {
            return "no jupyter on PATH";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Forwards every request to the test's Elasticsearch node and answers {@code GET /} itself.
     *
     * <p>The node is Elasticsearch's integration-test distribution, which leaves out the root
     * endpoint; the Python client asks it once to check it talks to Elasticsearch, as a real
     * cluster would answer it.
     */
    static final class RootAnsweringProxy implements AutoCloseable {
        private static final byte[] INFO = ("{\"name\":\"test\",\"version\":{\"number\":\"8.19.8\","
                + "\"build_flavor\":\"default\"},\"tagline\":\"You Know, for Search\"}")
                .getBytes(StandardCharsets.UTF_8);

        private final String target;
        private final HttpServer server;

        RootAnsweringProxy(String target) throws IOException {
            this.target = target;
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getResponseHeaders().set("X-Elastic-Product", "Elasticsearch");
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                URI uri = exchange.getRequestURI();
                if (exchange.getRequestMethod().equals("GET") && uri.getPath().equals("/")) {
                    reply(exchange, 200, INFO);
                    return;
                }
                HttpURLConnection c = (HttpURLConnection) URI.create(target + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())).toURL().openConnection();
                c.setRequestMethod(exchange.getRequestMethod());
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (body.length > 0) {
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/json");
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body);
                    }
                }
                int status = c.getResponseCode();
                try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                    reply(exchange, status, in == null ? new byte[0] : in.readAllBytes());
                }
            }
        }

        private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
