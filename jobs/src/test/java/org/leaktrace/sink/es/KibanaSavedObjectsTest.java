package org.leaktrace.sink.es;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kibana saved objects of docker/kibana/ are well-formed and only use fields the index
 * templates map, with a type each use needs: a renamed field or a terms aggregation on a text
 * field would otherwise only show up as an empty panel.
 */
class KibanaSavedObjectsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NDJSON = Path.of("..", "docker", "kibana", "leaktrace-saved-objects.ndjson");
    private static final Set<String> NUMBERS = Set.of("integer", "long", "double");
    private static final Set<String> AGGREGATABLE = Set.of("keyword", "integer", "long", "double", "date");

    private static final Map<String, JsonNode> objects = new HashMap<>();
    /** Data view id → field → type. */
    private static final Map<String, Map<String, String>> viewFields = new HashMap<>();

    @BeforeAll
    static void parse() throws Exception {
        for (String line : Files.readAllLines(NDJSON)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode o = JSON.readTree(line);
            for (String f : List.of("id", "type", "attributes", "references")) {
                assertTrue(o.has(f), "saved object lacks " + f + ": " + line);
            }
            assertTrue(objects.put(o.get("id").asText(), o) == null, "duplicate id " + o.get("id"));
        }
        for (JsonNode o : objects.values()) {
            if (o.get("type").asText().equals("index-pattern")) {
                String title = o.at("/attributes/title").asText();
                String kind = title.replaceFirst("^leaktrace-", "").replaceFirst("-\\*$", "");
                assertTrue(List.of(IndexNames.KINDS).contains(kind), "data view on unknown indices " + title);
                viewFields.put(o.get("id").asText(), TemplateFields.of(kind));
            }
        }
    }

    @Test
    void thereIsADataViewPerIndexKindWithADateTimeField() {
        assertEquals(IndexNames.KINDS.length, viewFields.size());
        for (JsonNode o : objects.values()) {
            if (o.get("type").asText().equals("index-pattern")) {
                String time = o.at("/attributes/timeFieldName").asText();
                assertEquals("date", viewFields.get(o.get("id").asText()).get(time), o.get("id") + " time field " + time);
            }
        }
    }

    @Test
    void everyReferenceResolves() {
        for (JsonNode o : objects.values()) {
            for (JsonNode r : o.get("references")) {
                JsonNode target = objects.get(r.get("id").asText());
                assertNotNull(target, o.get("id") + " references missing " + r.get("id"));
                assertEquals(r.get("type").asText(), target.get("type").asText(), "reference type " + r);
            }
        }
    }

    @Test
    void savedSearchesShowAndSortByMappedFields() {
        int searches = 0;
        for (JsonNode o : objects.values()) {
            if (!o.get("type").asText().equals("search")) {
                continue;
            }
            searches++;
            Map<String, String> fields = fieldsOf(o);
            assertNotNull(JSON.valueToTree(searchSource(o)));
            o.at("/attributes/columns").forEach(c -> assertTrue(fields.containsKey(c.asText()), o.get("id") + ": " + c));
            o.at("/attributes/sort").forEach(s -> assertTrue(AGGREGATABLE.contains(fields.get(s.get(0).asText())),
                    o.get("id") + " sorts on " + s));
        }
        assertTrue(searches >= 3);
    }

    @Test
    void visualizationsAggregateOnFieldsOfTheRightType() throws Exception {
        List<String> checked = new ArrayList<>();
        for (JsonNode o : objects.values()) {
            if (!o.get("type").asText().equals("visualization")) {
                continue;
            }
            Map<String, String> fields = fieldsOf(o);
            JsonNode vis = JSON.readTree(o.at("/attributes/visState").asText());
            for (JsonNode agg : vis.get("aggs")) {
                String type = agg.get("type").asText();
                if (type.equals("count")) {
                    continue;
                }
                String field = agg.at("/params/field").asText();
                String mapped = fields.get(field);
                String where = o.get("id").asText() + " " + type + "(" + field + ")";
                assertNotNull(mapped, where + ": not in the template");
                switch (type) {
                    case "terms", "cardinality" -> assertTrue(AGGREGATABLE.contains(mapped), where + " on " + mapped);
                    case "date_histogram" -> assertEquals("date", mapped, where);
                    case "sum", "avg" -> assertTrue(NUMBERS.contains(mapped), where + " on " + mapped);
                    case "min", "max" -> assertTrue(NUMBERS.contains(mapped) || mapped.equals("date"), where);
                    default -> throw new AssertionError("unchecked aggregation " + where);
                }
                checked.add(where);
            }
        }
        assertTrue(checked.size() >= 10, checked.toString());
    }

    @Test
    void theDashboardShowsTheFiveAnalystPanels() throws Exception {
        JsonNode dash = objects.get("leaktrace-dashboard");
        assertEquals("dashboard", dash.get("type").asText());
        JsonNode panels = JSON.readTree(dash.at("/attributes/panelsJSON").asText());
        Set<String> refNames = new java.util.HashSet<>();
        dash.get("references").forEach(r -> refNames.add(r.get("name").asText()));
        for (JsonNode p : panels) {
            assertTrue(refNames.contains(p.get("panelRefName").asText()), p.toString());
        }
        List<String> titles = new ArrayList<>();
        dash.get("references").forEach(r -> titles.add(objects.get(r.get("id").asText()).at("/attributes/title").asText()));
        for (String expected : List.of("Top leak sources", "Campaigns over time", "Caller alerts", "Victims per source",
                "Estimated leak dates")) {
            assertTrue(titles.stream().anyMatch(t -> t.startsWith(expected)), expected + " in " + titles);
        }
    }

    /**
     * A suspicion ended by a merge keeps its last record (with {@code merged_into}); what counts
     * or lists suspicions shows only those that go on, or one leak would appear twice.
     */
    @Test
    void suspicionViewsLeaveOutSuspicionsEndedByAMerge() {
        int views = 0;
        for (JsonNode o : objects.values()) {
            boolean onSuspicions = false;
            for (JsonNode r : o.get("references")) {
                onSuspicions |= r.get("id").asText().equals("leaktrace-suspicions");
            }
            if (!onSuspicions) {
                continue;
            }
            views++;
            assertEquals("not merged_into:*", searchSource(o).at("/query/query").asText(), o.get("id").asText());
        }
        assertTrue(views >= 3, "the suspicions search and its two visualizations");
    }

    @Test
    void noSavedObjectMentionsAVictimNumber() throws Exception {
        assertFalse(Files.readString(NDJSON).matches("(?s).*\\+?861[3-9]\\d{9}.*"));
    }

    private static JsonNode searchSource(JsonNode o) {
        try {
            return JSON.readTree(o.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
        } catch (Exception e) {
            throw new AssertionError(o.get("id") + ": bad searchSourceJSON", e);
        }
    }

    /** The fields of the data view an object searches. */
    private static Map<String, String> fieldsOf(JsonNode o) {
        String refName = searchSource(o).get("indexRefName").asText();
        for (JsonNode r : o.get("references")) {
            if (r.get("name").asText().equals(refName)) {
                return viewFields.get(r.get("id").asText());
            }
        }
        throw new AssertionError(o.get("id") + " has no data view reference " + refName);
    }
}
