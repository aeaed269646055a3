package org.leaktrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobID;

/**
 * Samples every task's {@code currentInputWatermark} through the MiniCluster's REST API while the
 * latency bench produces, and turns each into wall-clock lag: how long ago the first record
 * beyond that watermark was handed to the producer.
 *
 * <p>An operator that waits for the watermark (a reorder buffer, CEP, a complaint waiting for
 * its calls) holds a record at least that long, so the lag is the event-time share of latency,
 * operator by operator. Diagnostic only: the polling costs a little CPU, so it is off unless
 * asked for ({@code --latency-watermarks true}).
 */
final class WatermarkProbe implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One sample of one subtask's input watermark. */
    record Sample(long wallMillis, String vertex, int subtask, long watermark, long lagMillis) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final JobID job;
    private final long[] eventMillis;
    private final long[] sentAt;
    private final long periodMillis;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private WatermarkProbe(int restPort, JobID job, long[] eventMillis, long[] sentAt, long periodMillis) {
        this.base = "http://127.0.0.1:" + restPort;
        this.job = job;
        this.eventMillis = eventMillis;
        this.sentAt = sentAt;
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::poll, "watermark-probe");
        this.thread.setDaemon(true);
    }

    /**
     * Starts sampling.
     *
     * @param eventMillis event times of the records to send, ascending
     * @param sentAt when each was handed to the producer, 0 while not yet sent (filled in by the sender)
     */
    static WatermarkProbe start(int restPort, JobID job, long[] eventMillis, long[] sentAt, long periodMillis) {
        WatermarkProbe p = new WatermarkProbe(restPort, job, eventMillis, sentAt, periodMillis);
        p.thread.start();
        return p;
    }

    /**
     * Wall-clock ms since the first record with an event time after {@code watermark} was sent; 0
     * when no sent record is beyond it (the watermark has caught up).
     */
    static long lagMillis(long watermark, long now, long[] eventMillis, long[] sentAt) {
        int lo = 0;
        int hi = eventMillis.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (eventMillis[mid] <= watermark) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == eventMillis.length || sentAt[lo] == 0) {
            return 0;
        }
        return Math.max(0, now - sentAt[lo]);
    }

    private void poll() {
        Map<String, String> vertices = null;
        while (running) {
            long started = System.currentTimeMillis();
            try {
                if (vertices == null) {
                    vertices = vertices();
                }
                for (Map.Entry<String, String> v : vertices.entrySet()) {
                    JsonNode marks = get("/jobs/" + job + "/vertices/" + v.getKey() + "/watermarks");
                    long now = System.currentTimeMillis();
                    for (JsonNode m : marks) {
                        String id = m.path("id").asText();
                        long wm = m.path("value").asLong(Long.MIN_VALUE);
                        if (!id.endsWith(".currentInputWatermark") || wm == Long.MIN_VALUE || wm == Long.MAX_VALUE) {
                            continue;
                        }
                        int subtask = Integer.parseInt(id.substring(0, id.indexOf('.')));
                        synchronized (samples) {
                            samples.add(new Sample(now, v.getValue(), subtask, wm,
                                    lagMillis(wm, now, eventMillis, sentAt)));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                vertices = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long rest = periodMillis - (System.currentTimeMillis() - started);
            if (rest > 0) {
                try {
                    Thread.sleep(rest);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Map<String, String> vertices() throws IOException, InterruptedException {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode v : get("/jobs/" + job).path("vertices")) {
            out.put(v.path("id").asText(), v.path("name").asText());
        }
        return out;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Lag p50/p99/max per vertex, over the samples taken while records were being sent. */
    void summarize(PrintStream out, Path csv) {
        Map<String, List<Long>> byVertex = new LinkedHashMap<>();
        StringBuilder lines = new StringBuilder("wall_ms,vertex,subtask,watermark,lag_ms\n");
        for (Sample s : samples()) {
            byVertex.computeIfAbsent(s.vertex(), k -> new ArrayList<>()).add(s.lagMillis());
            lines.append(s.wallMillis()).append(",\"").append(s.vertex().replace("\"", "'")).append("\",")
                    .append(s.subtask()).append(',').append(s.watermark()).append(',').append(s.lagMillis())
                    .append('\n');
        }
        try {
            Files.writeString(csv, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println("  watermark lag behind the records sent, wall-clock ms (p50 / p99 / max over samples):");
        byVertex.forEach((vertex, lags) -> {
            Percentiles p = Percentiles.of(lags.stream().mapToLong(Long::longValue).toArray());
            String name = vertex.length() > 90 ? vertex.substring(0, 90) + "…" : vertex;
            out.printf(Locale.ROOT, "    %6d %6d %6d  %s%n", p.percentile(50), p.percentile(99), p.max(), name);
        });
    }

    /**
     * Prints Flink's checkpoint statistics of the job: exactly-once alerts become visible when the
     * checkpoint after them completes, so its duration is part of their latency.
     */
    void checkpoints(PrintWriter out) {
        try {
            JsonNode root = get("/jobs/" + job + "/checkpoints");
            JsonNode e2e = root.path("summary").path("end_to_end_duration");
            JsonNode size = root.path("summary").path("checkpointed_size");
            out.printf(Locale.ROOT, "  checkpoints: %d completed; duration ms p50 %s, p99 %s, max %s;"
                            + " checkpointed bytes avg %s%n",
                    root.path("counts").path("completed").asLong(), e2e.path("p50").asText(),
                    e2e.path("p99").asText(), e2e.path("max").asText(), size.path("avg").asText());
            for (JsonNode c : root.path("history")) {
                if (!"COMPLETED".equals(c.path("status").asText())) {
                    continue;
                }
                JsonNode detail = get("/jobs/" + job + "/checkpoints/details/" + c.path("id").asText());
                out.printf(Locale.ROOT, "  latest checkpoint %s: %s ms end to end; by task (ms to acknowledge):%n",
                        c.path("id").asText(), c.path("end_to_end_duration").asText());
                detail.path("tasks").fields().forEachRemaining(t -> {
                    String name = vertexName(t.getKey());
                    out.printf(Locale.ROOT, "    %6d  %s%n", t.getValue().path("end_to_end_duration").asLong(),
                            name.length() > 90 ? name.substring(0, 90) + "…" : name);
                });
                break;
            }
            out.flush();
        } catch (IOException e) {
            out.println("  checkpoints: statistics unavailable (" + e.getMessage() + ")");
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String vertexName(String id) {
        try {
            return vertices().getOrDefault(id, id);
        } catch (IOException e) {
            return id;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return id;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
