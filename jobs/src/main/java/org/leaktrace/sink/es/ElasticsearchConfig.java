package org.leaktrace.sink.es;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the Elasticsearch sink writes.
 *
 * <p>The API key is a secret: it is carried to the writers but never printed by
 * {@link #toString()}, so it cannot leak through Flink's logged job graph or exceptions.
 *
 * @param url base URL of the cluster, e.g. {@code http://localhost:9200}
 * @param apiKey base64 API key ({@code Authorization: ApiKey …}), or null for an open cluster
 * @param indexPrefix prefix of every index and template (default {@code leaktrace})
 * @param bulkActions documents per bulk request; a full buffer is flushed (default 500)
 * @param flushInterval longest time a buffered document waits when the stream is quiet (default 5 s)
 * @param maxRetries retries of a bulk request or item answered 429 or 5xx, or unreachable
 *     (default 11: waits of 0.2 s doubling to 30 s, about 2.4 min in all, so an outage of a
 *     minute or two is ridden out without failing the job)
 * @param initialBackoff wait before the first retry, doubled for each next one (default 200 ms)
 * @param tls which server certificates an {@code https} URL may present (default: the JVM's
 *     trust store)
 */
public record ElasticsearchConfig(
        String url,
        String apiKey,
        String indexPrefix,
        int bulkActions,
        Duration flushInterval,
        int maxRetries,
        Duration initialBackoff,
        ElasticsearchTls tls) implements Serializable {

    public static final String DEFAULT_INDEX_PREFIX = "leaktrace";
    public static final int DEFAULT_BULK_ACTIONS = 500;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_RETRIES = 11;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    /** No single wait exceeds this, whatever the retry count. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    public ElasticsearchConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(indexPrefix, "indexPrefix");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(tls, "tls");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("Elasticsearch URL must start with http:// or https://: " + url);
        }
        if (url.startsWith("http://") && !tls.jvmDefault()) {
            throw new IllegalArgumentException("a CA certificate or fingerprint needs an https:// Elasticsearch URL: " + url);
        }
        if (!indexPrefix.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("index prefix must be lowercase letters, digits, - or _: " + indexPrefix);
        }
        if (bulkActions < 1) {
            throw new IllegalArgumentException("bulkActions must be >= 1, got " + bulkActions);
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
        if (flushInterval.isNegative() || flushInterval.isZero() || initialBackoff.isNegative()) {
            throw new IllegalArgumentException("flushInterval must be positive and initialBackoff not negative");
        }
    }

    /** The defaults above for a cluster at {@code url} without authentication. */
    public static ElasticsearchConfig defaults(String url) {
        return new ElasticsearchConfig(url, null, DEFAULT_INDEX_PREFIX, DEFAULT_BULK_ACTIONS,
                DEFAULT_FLUSH_INTERVAL, DEFAULT_MAX_RETRIES, DEFAULT_INITIAL_BACKOFF,
                ElasticsearchTls.JVM_DEFAULT);
    }

    /** The same with an API key. */
    public ElasticsearchConfig withApiKey(String key) {
        return new ElasticsearchConfig(url, key, indexPrefix, bulkActions, flushInterval, maxRetries, initialBackoff, tls);
    }

    /** The same with other trusted server certificates. */
    public ElasticsearchConfig withTls(ElasticsearchTls trust) {
        return new ElasticsearchConfig(url, apiKey, indexPrefix, bulkActions, flushInterval, maxRetries, initialBackoff, trust);
    }

    /** The same with another batch size. */
    public ElasticsearchConfig withBulkActions(int actions) {
        return new ElasticsearchConfig(url, apiKey, indexPrefix, actions, flushInterval, maxRetries, initialBackoff, tls);
    }

    /** The same with another longest wait of a buffered document. */
    public ElasticsearchConfig withFlushInterval(Duration interval) {
        return new ElasticsearchConfig(url, apiKey, indexPrefix, bulkActions, interval, maxRetries, initialBackoff, tls);
    }

    /** The same with another retry policy. */
    public ElasticsearchConfig withRetries(int retries, Duration backoff) {
        return new ElasticsearchConfig(url, apiKey, indexPrefix, bulkActions, flushInterval, retries, backoff, tls);
    }

    /** The same with another index prefix. */
    public ElasticsearchConfig withIndexPrefix(String prefix) {
        return new ElasticsearchConfig(url, apiKey, prefix, bulkActions, flushInterval, maxRetries, initialBackoff, tls);
    }

    /** The wait before retry number {@code attempt} (1-based): initial × 2^(attempt-1), capped. */
    public Duration backoff(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 20);
        Duration d = initialBackoff.multipliedBy(factor);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    @Override
    public String toString() {
        return "ElasticsearchConfig[url=" + url + ", apiKey=" + (apiKey == null ? "none" : "hidden")
                + ", indexPrefix=" + indexPrefix + ", bulkActions=" + bulkActions
                + ", flushInterval=" + flushInterval + ", maxRetries=" + maxRetries
                + ", initialBackoff=" + initialBackoff + ", tls=" + tls + "]";
    }
}
