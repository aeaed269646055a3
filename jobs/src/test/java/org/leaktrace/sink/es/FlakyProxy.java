package org.leaktrace.sink.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * A real HTTP server in front of a real Elasticsearch that answers chosen {@code _bulk} requests
 * itself with failures, then passes everything through: the retry path under test sees genuine
 * HTTP, not a mocked client.
 */
final class FlakyProxy implements AutoCloseable {
    /** How the proxy answers one bulk request instead of forwarding it. */
    enum Fault {
        /** The whole request: 429 Too Many Requests. */
        TOO_MANY_REQUESTS,
        /** The whole request: 503 Service Unavailable. */
        UNAVAILABLE,
        /** 200, but every item rejected with 429 (a full write queue on the data node). */
        ITEMS_REJECTED,
        /** The whole request: 401, as for a revoked API key. */
        UNAUTHORIZED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String target;
    private final HttpServer server;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<Long> bulkArrivalsNanos = Collections.synchronizedList(new ArrayList<>());

    FlakyProxy(String target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next bulk requests get these answers, in order; later ones are forwarded. */
    synchronized void failNextBulks(Fault... next) {
        faults.addAll(List.of(next));
    }

    /** When each bulk request arrived (System.nanoTime), failed or forwarded. */
    List<Long> bulkArrivals() {
        synchronized (bulkArrivalsNanos) {
            return List.copyOf(bulkArrivalsNanos);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath();
            if (path.endsWith("/_bulk")) {
                bulkArrivalsNanos.add(System.nanoTime());
                Fault fault;
                synchronized (this) {
                    fault = faults.poll();
                }
                if (fault != null) {
                    fail(ex, fault, body);
                    return;
                }
            }
            forward(ex, body);
        }
    }

    private static void fail(HttpExchange ex, Fault fault, byte[] bulk) throws IOException {
        switch (fault) {
            case TOO_MANY_REQUESTS -> respond(ex, 429, error(429, "es_rejected_execution_exception", "queue full"));
            case UNAVAILABLE -> respond(ex, 503, error(503, "unavailable_shards_exception", "primary not active"));
            case UNAUTHORIZED -> respond(ex, 401, error(401, "security_exception", "unable to authenticate"));
            case ITEMS_REJECTED -> respond(ex, 200, rejectedItems(bulk));
        }
    }

    private static String error(int status, String type, String reason) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("type", type).put("reason", reason);
        err.putArray("root_cause").addObject().put("type", type).put("reason", reason);
        root.put("status", status);
        return root.toString();
    }

    private static String rejectedItems(byte[] bulk) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("took", 1).put("errors", true);
        ArrayNode items = root.putArray("items");
        String[] lines = new String(bulk, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i += 2) {
            JsonNode action = JSON.readTree(lines[i]).get("index");
            ObjectNode item = items.addObject().putObject("index");
            item.put("_index", action.get("_index").asText()).put("_id", action.get("_id").asText()).put("status", 429);
            item.putObject("error").put("type", "es_rejected_execution_exception").put("reason", "write queue full");
        }
        return root.toString();
    }

    private static void respond(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("X-Elastic-Product", "Elasticsearch");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void forward(HttpExchange ex, byte[] body) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        URI uri = URI.create(target + ex.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestMethod(ex.getRequestMethod());
        for (String header : List.of("Content-Type", "Accept", "Authorization")) {
            String value = ex.getRequestHeaders().getFirst(header);
            if (value != null) {
                c.setRequestProperty(header, value);
            }
        }
        if (body.length > 0) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        byte[] answer;
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            answer = in == null ? new byte[0] : in.readAllBytes();
        }
        String answerType = c.getContentType();
        if (answerType != null) {
            ex.getResponseHeaders().set("Content-Type", answerType);
        }
        String product = c.getHeaderField("X-Elastic-Product");
        if (product != null) {
            ex.getResponseHeaders().set("X-Elastic-Product", product);
        }
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
