package org.leaktrace.sim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What really happened in a simulated world: the answer key {@code evaluate} scores against.
 *
 * <p>truth.json is this record serialized by Jackson (field names as in the {@code @JsonProperty}
 * annotations; times ISO-8601 with offset, numbers E.164 as libphonenumber normalizes them):
 * <pre>
 * {
 *   "config": {"seed":1, "subscribers":20000, "days":21, "start":"2026-01-05", "zone":"Asia/Shanghai",
 *              "broken_rows":0, "disorder_minutes":5, "campaigns":40},
 *   "counts": {"cdr_rows":…, "broken_rows":…, "complaints":…, "organization_rows":…},
 *   "organizations": [{"org_id":"SCH-001", "name":"…", "category":"SCHOOL", "registered":true,
 *                      "numbers":["+862131234567", "+8610690…"], "customer_count":412, "new_customers":96}],
 *   "leaks": [{"leak_id":"LEAK-01", "source_org_id":"SCH-001", "source_number":null,
 *              "leak_time":"2026-01-14T10:02:11+08:00", "list_size":350}],
 *   "campaigns": [{"campaign_id":"CMP-01", "callers":["+86138…"], "imei":"86891203…" or null,
 *                  "device_style":"SIM_BOX", "dial_order":"SHUFFLED", "leak_ids":["LEAK-01"],
 *                  "padding_fraction":0.21, "targets":440, "list_targets":350,
 *                  "start":"…", "end":"…", "calls":…, "texts":…, "answered":…, "complaints":…,
 *                  "event_times":["…", …]}],
 *   "lookalikes": [{"number":"+86…", "kind":"COURIER_DRIVER", "org_id":"CUR-001"}],
 *   "broken_row_lines": [17, 4023],
 *   "broken_rows": [{"line":17, "kind":"BAD_TIMESTAMP"}]
 * }
 * </pre>
 * {@code config.campaigns} is there only when the campaign count was set ({@code --campaigns}),
 * so worlds with the automatic count keep the truth.json they always had.
 * For an unregistered source, {@code source_org_id} is still its (truth-only) id {@code UNR-…}
 * and {@code source_number} its number; for a registered source {@code source_number} is null.
 * {@code event_times} are every call and text the campaign made, sorted; {@code start} and
 * {@code end} are the first and last of them (null when the campaign fell outside the period).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Truth(
        @JsonProperty("config") Config config,
        @JsonProperty("counts") Counts counts,
        @JsonProperty("organizations") List<Org> organizations,
        @JsonProperty("leaks") List<LeakTruth> leaks,
        @JsonProperty("campaigns") List<CampaignTruth> campaigns,
        @JsonProperty("lookalikes") List<LookalikeTruth> lookalikes,
        @JsonProperty("broken_row_lines") List<Long> brokenRowLines,
        @JsonProperty("broken_rows") List<BrokenRow> brokenRows) {

    public record Config(
            @JsonProperty("seed") long seed,
            @JsonProperty("subscribers") int subscribers,
            @JsonProperty("days") int days,
            @JsonProperty("start") String start,
            @JsonProperty("zone") String zone,
            @JsonProperty("broken_rows") int brokenRows,
            @JsonProperty("disorder_minutes") int disorderMinutes,
            @JsonProperty("campaigns") @JsonInclude(JsonInclude.Include.NON_NULL) Integer campaigns) {

        /** The configuration of a world with its own (automatic) campaign count. */
        public Config(long seed, int subscribers, int days, String start, String zone, int brokenRows,
                int disorderMinutes) {
            this(seed, subscribers, days, start, zone, brokenRows, disorderMinutes, null);
        }
    }

    public record Counts(
            @JsonProperty("cdr_rows") long cdrRows,
            @JsonProperty("broken_rows") long brokenRows,
            @JsonProperty("complaints") long complaints,
            @JsonProperty("organization_rows") long organizationRows) {
    }

    public record Org(
            @JsonProperty("org_id") String orgId,
            @JsonProperty("name") String name,
            @JsonProperty("category") String category,
            @JsonProperty("registered") boolean registered,
            @JsonProperty("numbers") List<String> numbers,
            @JsonProperty("customer_count") int customerCount,
            @JsonProperty("new_customers") int newCustomers) {
    }

    public record LeakTruth(
            @JsonProperty("leak_id") String leakId,
            @JsonProperty("source_org_id") String sourceOrgId,
            @JsonProperty("source_number") String sourceNumber,
            @JsonProperty("leak_time") String leakTime,
            @JsonProperty("list_size") int listSize) {
    }

    public record CampaignTruth(
            @JsonProperty("campaign_id") String campaignId,
            @JsonProperty("callers") List<String> callers,
            @JsonProperty("imei") String imei,
            @JsonProperty("device_style") String deviceStyle,
            @JsonProperty("dial_order") String dialOrder,
            @JsonProperty("leak_ids") List<String> leakIds,
            @JsonProperty("padding_fraction") double paddingFraction,
            @JsonProperty("targets") int targets,
            @JsonProperty("list_targets") int listTargets,
            @JsonProperty("start") String start,
            @JsonProperty("end") String end,
            @JsonProperty("calls") int calls,
            @JsonProperty("texts") int texts,
            @JsonProperty("answered") int answered,
            @JsonProperty("complaints") int complaints,
            @JsonProperty("event_times") List<String> eventTimes) {
    }

    public record LookalikeTruth(
            @JsonProperty("number") String number,
            @JsonProperty("kind") String kind,
            @JsonProperty("org_id") String orgId) {
    }

    public record BrokenRow(
            @JsonProperty("line") long line,
            @JsonProperty("kind") String kind) {
    }
}
