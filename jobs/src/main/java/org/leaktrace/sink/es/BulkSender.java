package org.leaktrace.sink.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.TransportException;
import co.elastic.clients.util.BinaryData;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends documents in bulk requests and retries what Elasticsearch could not take yet.
 *
 * <p>A 429 (queue full) or 5xx, for the whole request or for single items, and a lost connection
 * are transient: those documents are sent again after an exponential backoff, up to
 * {@link ElasticsearchConfig#maxRetries()} times. Anything else (a mapping conflict, a bad
 * request, a refused API key) will not heal by waiting and throws at once, failing the job
 * loudly instead of silently dropping alerts. Messages name index, id and reason, never the
 * document.
 */
public final class BulkSender {
    private static final Logger LOG = LoggerFactory.getLogger(BulkSender.class);
    private static final String JSON = "application/json";
    private static final int MAX_REASONS = 5;

    private final ElasticsearchClient client;
    private final ElasticsearchConfig cfg;
    private long retries;

    public BulkSender(ElasticsearchClient client, ElasticsearchConfig cfg) {
        this.client = client;
        this.cfg = cfg;
    }

    /** True for statuses worth waiting for: 429 Too Many Requests and every 5xx. */
    public static boolean retriable(int status) {
        return status == 429 || status >= 500;
    }

    /** Retries performed so far (whole requests and item batches), for tests and metrics. */
    public long retries() {
        return retries;
    }

    /** Indexes every document, in bulk requests of at most {@code bulkActions}, or throws. */
    public void send(List<EsDocument> docs) throws IOException {
        for (int from = 0; from < docs.size(); from += cfg.bulkActions()) {
            sendBatch(docs.subList(from, Math.min(docs.size(), from + cfg.bulkActions())));
        }
    }

    private void sendBatch(List<EsDocument> batch) throws IOException {
        List<EsDocument> pending = batch;
        for (int attempt = 1; ; attempt++) {
            Attempt result = attempt(pending);
            if (result.retry().isEmpty()) {
                return;
            }
            if (attempt > cfg.maxRetries()) {
                throw new IOException("Elasticsearch bulk: gave up after " + cfg.maxRetries() + " retries, "
                        + result.retry().size() + " documents not indexed: " + result.reason());
            }
            Duration wait = cfg.backoff(attempt);
            LOG.warn("Elasticsearch bulk: {} of {} documents to retry in {} ms (retry {}/{}): {}",
                    result.retry().size(), pending.size(), wait.toMillis(), attempt, cfg.maxRetries(), result.reason());
            retries++;
            sleep(wait);
            pending = result.retry();
        }
    }

    private record Attempt(List<EsDocument> retry, String reason) {}

    private Attempt attempt(List<EsDocument> docs) throws IOException {
        BulkResponse response;
        try {
            response = client.bulk(request(docs));
        } catch (ElasticsearchException e) {
            return wholeRequestFailed(docs, e.status(), e.getMessage(), e);
        } catch (TransportException e) {
            return wholeRequestFailed(docs, e.statusCode(), e.getMessage(), e);
        } catch (IOException e) {
            // No HTTP answer at all (connection refused or reset): the node may be restarting.
            return new Attempt(docs, "no response: " + e);
        }
        if (!response.errors()) {
            return new Attempt(List.of(), null);
        }
        List<EsDocument> retry = new ArrayList<>();
        List<String> fatal = new ArrayList<>();
        String retryReason = null;
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            if (item.error() == null) {
                continue;
            }
            String reason = item.index() + "/" + item.id() + " " + item.status() + " "
                    + item.error().type() + ": " + item.error().reason();
            if (retriable(item.status())) {
                retry.add(docs.get(i));
                retryReason = retryReason == null ? reason : retryReason;
            } else {
                fatal.add(reason);
            }
        }
        if (!fatal.isEmpty()) {
            throw new IOException("Elasticsearch rejected " + fatal.size() + " documents (not retriable): "
                    + String.join("; ", fatal.subList(0, Math.min(MAX_REASONS, fatal.size()))));
        }
        return new Attempt(retry, retryReason);
    }

    private static Attempt wholeRequestFailed(List<EsDocument> docs, int status, String message, Exception cause)
            throws IOException {
        if (retriable(status)) {
            return new Attempt(docs, "HTTP " + status + ": " + message);
        }
        throw new IOException("Elasticsearch bulk request failed with HTTP " + status + " (not retriable): " + message,
                cause);
    }

    private static void sleep(Duration wait) throws InterruptedIOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while backing off before an Elasticsearch retry");
        }
    }

    private static BulkRequest request(List<EsDocument> docs) {
        List<BulkOperation> ops = new ArrayList<>(docs.size());
        for (EsDocument d : docs) {
            BinaryData source = BinaryData.of(d.json().getBytes(StandardCharsets.UTF_8), JSON);
            ops.add(BulkOperation.of(o -> o.index(i -> i.index(d.index()).id(d.id()).document(source))));
        }
        return BulkRequest.of(b -> b.operations(ops));
    }
}
