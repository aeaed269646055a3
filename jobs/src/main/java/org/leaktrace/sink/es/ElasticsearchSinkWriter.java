package org.leaktrace.sink.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.elasticsearch.client.RestClient;

/**
 * Buffers documents and sends them through a {@link BulkSender}.
 *
 * <p>The buffer keeps only the latest version of each (index, id): an alert re-emitted before
 * the next flush is sent once. Writes, timers and flushes all run on the task's mailbox thread,
 * so the buffer needs no locking. A failed send throws out of {@code write}, {@code flush} or the
 * timer, which fails the task.
 */
final class ElasticsearchSinkWriter<T> implements SinkWriter<T> {
    private final ElasticsearchConfig cfg;
    private final DocumentMapper<T> mapper;
    private final ElasticsearchClient client;
    private final BulkSender sender;
    private final ProcessingTimeService timers;
    private final Map<String, EsDocument> buffer = new LinkedHashMap<>();
    private boolean closed;

    private ElasticsearchSinkWriter(ElasticsearchConfig cfg, DocumentMapper<T> mapper, RestClient rest,
            ProcessingTimeService timers) {
        this.cfg = cfg;
        this.mapper = mapper;
        this.client = ElasticsearchClients.typed(rest);
        this.sender = new BulkSender(client, cfg);
        this.timers = timers;
    }

    /** Connects, installs the templates and starts the flush timer. */
    static <T> ElasticsearchSinkWriter<T> open(ElasticsearchConfig cfg, DocumentMapper<T> mapper,
            ProcessingTimeService timers) throws IOException {
        RestClient rest = ElasticsearchClients.rest(cfg);
        try {
            IndexSetup.install(rest, cfg.indexPrefix());
        } catch (IOException | RuntimeException e) {
            rest.close();
            throw new IOException("cannot install LeakTrace index templates at " + cfg.url() + ": " + e.getMessage(), e);
        }
        ElasticsearchSinkWriter<T> writer = new ElasticsearchSinkWriter<>(cfg, mapper, rest, timers);
        writer.scheduleFlush();
        return writer;
    }

    @Override
    public void write(T record, Context context) throws IOException {
        for (EsDocument d : mapper.documents(record)) {
            String key = d.index() + "\u0000" + d.id();
            buffer.remove(key);
            buffer.put(key, d);
        }
        if (buffer.size() >= cfg.bulkActions()) {
            sendBuffer();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        sendBuffer();
    }

    private void sendBuffer() throws IOException {
        if (buffer.isEmpty()) {
            return;
        }
        ArrayList<EsDocument> docs = new ArrayList<>(buffer.values());
        sender.send(docs);
        buffer.clear();
    }

    private void scheduleFlush() {
        if (timers == null || closed) {
            return;
        }
        long at = timers.getCurrentProcessingTime() + cfg.flushInterval().toMillis();
        timers.registerTimer(at, time -> {
            sendBuffer();
            scheduleFlush();
        });
    }

    /** The sender, for its retry count. */
    BulkSender sender() {
        return sender;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        // Unflushed documents are not lost: Flink replays them from the last checkpoint.
        client._transport().close();
    }
}
