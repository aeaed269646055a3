package org.leaktrace.sink.es;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs LeakTrace's index templates and retention policy, idempotently.
 *
 * <p>Templates must exist before the first document, or Elasticsearch would guess the mappings
 * (dates as text, ids analysed). Every writer installs them when it opens: PUT of the same body
 * is a no-op, so parallel writers and restarts are harmless. The bodies are the files of
 * {@code docker/elasticsearch/} (on the classpath under {@code elasticsearch/}); another index
 * prefix rewrites their patterns. On a cluster without index lifecycle management (a minimal
 * distribution) the policy is skipped and the templates are installed without it.
 */
public final class IndexSetup {
    private static final Logger LOG = LoggerFactory.getLogger(IndexSetup.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_PREFIX = ElasticsearchConfig.DEFAULT_INDEX_PREFIX;
    /** Retention of every LeakTrace index: see ilm/leaktrace-alerts.json. */
    public static final String POLICY = "alerts";

    private IndexSetup() {}

    /** What was installed. */
    public record Installed(boolean lifecyclePolicy, int templates) {}

    /** Installs the policy (when ILM exists) and the four templates under {@code prefix}. */
    public static Installed install(RestClient rest, String prefix) throws IOException {
        boolean ilm = ilmAvailable(rest);
        String policy = prefix + "-" + POLICY;
        if (ilm) {
            put(rest, "/_ilm/policy/" + policy, resource("ilm/" + DEFAULT_PREFIX + "-" + POLICY + ".json"));
        } else {
            LOG.warn("Elasticsearch has no index lifecycle management: templates installed without retention policy");
        }
        for (String kind : IndexNames.KINDS) {
            ObjectNode template = template(kind, prefix, ilm ? policy : null);
            put(rest, "/_index_template/" + IndexNames.template(prefix, kind), template.toString());
        }
        return new Installed(ilm, IndexNames.KINDS.length);
    }

    /** The template body of a kind, for {@code prefix}, bound to {@code policy} (null: none). */
    public static ObjectNode template(String kind, String prefix, String policy) {
        ObjectNode t = (ObjectNode) readTree(resource("templates/" + IndexNames.template(DEFAULT_PREFIX, kind) + ".json"));
        ArrayNode patterns = t.putArray("index_patterns");
        patterns.add(IndexNames.pattern(prefix, kind));
        ObjectNode index = (ObjectNode) t.with("template").with("settings").with("index");
        if (policy == null) {
            index.remove("lifecycle");
        } else {
            index.with("lifecycle").put("name", policy);
        }
        return t;
    }

    /** The classpath copy of a file under docker/elasticsearch/. */
    public static String resource(String path) {
        try (InputStream in = IndexSetup.class.getResourceAsStream("/elasticsearch/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource elasticsearch/" + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean ilmAvailable(RestClient rest) throws IOException {
        try {
            rest.performRequest(new Request("GET", "/_ilm/status"));
            return true;
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (status == 400 || status == 404 || status == 405) {
                return false;
            }
            throw e;
        }
    }

    private static void put(RestClient rest, String endpoint, String body) throws IOException {
        Request request = new Request("PUT", endpoint);
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        rest.performRequest(request);
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
