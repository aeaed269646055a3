package org.leaktrace.sink.es;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Names of LeakTrace's monthly indices: {@code <prefix>-<kind>-yyyy.MM}, month in UTC.
 *
 * <p>The month comes from a time that never changes for a document (the first emission's event
 * time), so every update of an alert lands in the index that already holds it.
 */
public final class IndexNames {
    public static final String SUSPICIONS = "suspicions";
    public static final String CALLER_ALERTS = "caller-alerts";
    public static final String CAMPAIGNS = "campaigns";
    public static final String EVIDENCE = "evidence";
    /** Every kind, in the order templates are installed. */
    public static final String[] KINDS = {SUSPICIONS, CALLER_ALERTS, CAMPAIGNS, EVIDENCE};

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

    private IndexNames() {}

    /** {@code leaktrace-suspicions-2026.03}. */
    public static String monthly(String prefix, String kind, Instant time) {
        return prefix + "-" + kind + "-" + MONTH.format(time);
    }

    /** The pattern matching every month of a kind: {@code leaktrace-suspicions-*}. */
    public static String pattern(String prefix, String kind) {
        return prefix + "-" + kind + "-*";
    }

    /** The template name of a kind: {@code leaktrace-suspicions}. */
    public static String template(String prefix, String kind) {
        return prefix + "-" + kind;
    }
}
