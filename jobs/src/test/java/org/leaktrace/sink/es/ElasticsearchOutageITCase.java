package org.leaktrace.sink.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leaktrace.job.Environments;
import org.leaktrace.schema.CallerAlert;

/**
 * Elasticsearch unreachable for a minute in the middle of a running job: connections refused and
 * cut by a TCP proxy. The sink backs off and resumes, the job does not fail (it runs with no
 * restart strategy, so any failure would fail the test), and every alert ends up indexed once
 * under its id. Prints the time from the network's return to the first document indexed after it.
 */
class ElasticsearchOutageITCase {
    @RegisterExtension
    static final ElasticsearchNode NODE = new ElasticsearchNode();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final int ALERTS = 400;
    private static final double PER_SECOND = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void aMinuteWithoutElasticsearchLosesNothingAndFailsNothing() throws Exception {
        String prefix = "lt-outage";
        try (OutageProxy proxy = new OutageProxy(NODE.url());
                RestClient rest = ElasticsearchClients.rest(ElasticsearchConfig.defaults(NODE.url()))) {
            // The default retry budget: what a deployment gets without tuning.
            ElasticsearchConfig cfg = ElasticsearchConfig.defaults(proxy.url()).withIndexPrefix(prefix);
            assertTrue(waitingBudget(cfg).compareTo(OUTAGE) > 0, "the default retry budget outlasts the outage");
            StreamExecutionEnvironment env = Environments.create(1, Environments.failFast());
            env.enableCheckpointing(2_000);
            env.fromSource(new DataGeneratorSource<>(
                                    (GeneratorFunction<Long, CallerAlert>) i -> TestAlerts.callerAlert(
                                            "+86139" + String.format("%08d", i), "cmp-" + (i % 7)),
                                    ALERTS, RateLimiterStrategy.perSecond(PER_SECOND),
                                    TypeInformation.of(CallerAlert.class)),
                            WatermarkStrategy.noWatermarks(), "alerts")
                    .uid("alerts").name("alerts")
                    .sinkTo(new ElasticsearchSink<>(cfg, LeakTraceDocuments.callerAlerts(prefix, ZONE)))
                    .uid("caller-alerts-es").name("caller-alerts-es");
            JobClient job = env.executeAsync("es-outage");

            String index = prefix + "-caller-alerts-*";
            long before = waitForCount(rest, index, 20, Duration.ofMinutes(5));
            proxy.down();
            long downAt = System.nanoTime();
            Thread.sleep(OUTAGE.toMillis());
            long duringOutage = count(rest, index);
            proxy.up();
            long upAt = System.nanoTime();
            long firstAfter = waitForCount(rest, index, duringOutage + 1, Duration.ofMinutes(5));
            double recoverySeconds = (System.nanoTime() - upAt) / 1e9;

            job.getJobExecutionResult().get();
            refresh(rest);
            Set<String> ids = ids(rest, index);
            Set<String> expected = new HashSet<>();
            for (long i = 0; i < ALERTS; i++) {
                expected.add("ca-86139" + String.format("%08d", i));
            }
            assertEquals(expected, ids, "every alert indexed under its id");
            assertEquals(ALERTS, count(rest, index), "one document per alert");
            long resent = resent(rest, index);
            System.err.printf("es-outage: %d alerts at %.0f/s, %d indexed before the outage, %d during %.0f s down"
                            + " (%.0f s measured), first new document %.1f s after the network returned (%d then),"
                            + " %d lost, %d documents written more than once (same id, overwritten)%n",
                    ALERTS, PER_SECOND, before, duringOutage - before, OUTAGE.toSeconds() * 1.0,
                    (upAt - downAt) / 1e9, recoverySeconds, firstAfter, ALERTS - ids.size(), resent);
        }
    }

    /** Total wait of all retries: how long the sink survives an unreachable cluster. */
    static Duration waitingBudget(ElasticsearchConfig cfg) {
        Duration total = Duration.ZERO;
        for (int attempt = 1; attempt <= cfg.maxRetries(); attempt++) {
            total = total.plus(cfg.backoff(attempt));
        }
        return total;
    }

    private static long waitForCount(RestClient rest, String index, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long n = countWhileStarting(rest, index);
            if (n >= atLeast) {
                return n;
            }
            assertTrue(System.nanoTime() < deadline, "fewer than " + atLeast + " documents after " + timeout);
            Thread.sleep(200);
        }
    }

    /**
     * The count, or -1 while the index's shard is not started yet.
     *
     * <p>The sink's first bulk creates the monthly index; a count that reaches the node between
     * the index's creation and its primary shard starting gets 503 no_shard_available. That is
     * the node still starting the index, not a lost document, so the wait goes on.
     */
    private static long countWhileStarting(RestClient rest, String index) throws Exception {
        try {
            return count(rest, index);
        } catch (ResponseException e) {
            if (e.getResponse().getStatusLine().getStatusCode() == 503) {
                return -1;
            }
            throw e;
        }
    }

    private static void refresh(RestClient rest) throws Exception {
        rest.performRequest(new Request("POST", "/_refresh"));
    }

    private static long count(RestClient rest, String index) throws Exception {
        refresh(rest);
        return count(rest, index, null);
    }

    private static long count(RestClient rest, String index, String query) throws Exception {
        Request r = new Request("POST", "/" + index + "/_count");
        r.addParameter("ignore_unavailable", "true");
        r.addParameter("allow_no_indices", "true");
        if (query != null) {
            r.setEntity(new StringEntity(query, ContentType.APPLICATION_JSON));
        }
        return JSON.readTree(EntityUtils.toString(rest.performRequest(r).getEntity())).get("count").asLong();
    }

    /** Documents written more than once (version above 1): a re-sent bulk overwrote them. */
    private static long resent(RestClient rest, String index) throws Exception {
        Request r = new Request("POST", "/" + index + "/_search");
        r.setEntity(new StringEntity("{\"size\":10000,\"version\":true,\"_source\":false}",
                ContentType.APPLICATION_JSON));
        long n = 0;
        for (JsonNode hit : JSON.readTree(EntityUtils.toString(rest.performRequest(r).getEntity())).get("hits").get("hits")) {
            n += hit.get("_version").asLong() > 1 ? 1 : 0;
        }
        return n;
    }

    private static Set<String> ids(RestClient rest, String index) throws Exception {
        Request r = new Request("POST", "/" + index + "/_search");
        r.setEntity(new StringEntity("{\"size\":10000,\"_source\":false,\"query\":{\"match_all\":{}}}",
                ContentType.APPLICATION_JSON));
        Set<String> ids = new HashSet<>();
        for (JsonNode hit : JSON.readTree(EntityUtils.toString(rest.performRequest(r).getEntity())).get("hits").get("hits")) {
            ids.add(hit.get("_id").asText());
        }
        return ids;
    }
}
