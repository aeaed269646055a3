package org.leaktrace.sink.es;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes records to Elasticsearch as documents with stable ids, at least once.
 *
 * <p>There is no Elasticsearch connector for Flink 2, so this is a plain Sink V2 on the official
 * Java client. Writers buffer documents and send them in bulk when the buffer is full, after
 * {@link ElasticsearchConfig#flushInterval()}, and on every {@code flush} — which Flink calls
 * before each checkpoint and at end of input, so a completed checkpoint means its documents are
 * indexed. After a failure, records since the last checkpoint are written again; their ids make
 * that an overwrite, not a duplicate. Each writer installs the templates when it opens.
 */
public final class ElasticsearchSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final ElasticsearchConfig cfg;
    private final DocumentMapper<T> mapper;

    public ElasticsearchSink(ElasticsearchConfig cfg, DocumentMapper<T> mapper) {
        this.cfg = cfg;
        this.mapper = mapper;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return ElasticsearchSinkWriter.open(cfg, mapper, context.getProcessingTimeService());
    }

    @Override
    public String toString() {
        return "ElasticsearchSink[" + cfg + "]";
    }
}
