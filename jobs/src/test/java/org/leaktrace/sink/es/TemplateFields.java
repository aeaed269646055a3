package org.leaktrace.sink.es;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** The field types an index template maps, with multi-fields as {@code name.sub}. */
final class TemplateFields {
    private TemplateFields() {}

    /** Field path → Elasticsearch type, for the template of {@code kind}. */
    static Map<String, String> of(String kind) {
        JsonNode properties = IndexSetup.template(kind, "leaktrace", "leaktrace-alerts")
                .get("template").get("mappings").get("properties");
        Map<String, String> types = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            types.put(f.getKey(), f.getValue().get("type").asText());
            JsonNode subs = f.getValue().get("fields");
            if (subs != null) {
                subs.fields().forEachRemaining(s -> types.put(f.getKey() + "." + s.getKey(), s.getValue().get("type").asText()));
            }
        }
        return types;
    }
}
