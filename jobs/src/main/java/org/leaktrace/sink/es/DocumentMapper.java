package org.leaktrace.sink.es;

import java.io.Serializable;
import java.util.List;

/**
 * Turns one record into the documents that represent it in Elasticsearch.
 *
 * <p>A record may fan out: a leak suspicion becomes its own document, its campaign's document
 * and one evidence document per victim pseudonym.
 */
@FunctionalInterface
public interface DocumentMapper<T> extends Serializable {
    List<EsDocument> documents(T record);
}
