package org.leaktrace.sink.es;

import java.util.Objects;

/**
 * One document to index: where it goes, its id, and its JSON source.
 *
 * <p>The id is derived from what the document describes, never generated, so a replayed
 * checkpoint or a re-emitted alert overwrites instead of duplicating.
 *
 * @param index concrete index name, e.g. {@code leaktrace-suspicions-2026.03}
 * @param id document id
 * @param json the document's source, a JSON object
 */
public record EsDocument(String index, String id, String json) {
    public EsDocument {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(json, "json");
    }
}
