package org.leaktrace.sim;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/** RFC 4180 field quoting and fast ISO-8601 timestamps with offset, as the contract writes them. */
final class CsvText {

    private final long epochStart;
    private final ZoneRules rules;
    private final ZoneOffset fixed;

    CsvText(WorldConfig cfg) {
        this.epochStart = cfg.start().atStartOfDay(cfg.zone()).toEpochSecond();
        this.rules = cfg.zone().getRules();
        this.fixed = rules.isFixedOffset() ? rules.getOffset(java.time.Instant.EPOCH) : null;
    }

    long epochSecond(int worldSecond) {
        return epochStart + worldSecond;
    }

    /** {@code 2026-01-05T09:15:00+08:00} for a second since world start. */
    String timestamp(int worldSecond) {
        long epoch = epochStart + worldSecond;
        ZoneOffset offset = fixed != null ? fixed : rules.getOffset(java.time.Instant.ofEpochSecond(epoch));
        LocalDateTime t = LocalDateTime.ofEpochSecond(epoch, 0, offset);
        StringBuilder b = new StringBuilder(25);
        b.append(t.getYear()).append('-');
        two(b, t.getMonthValue()).append('-');
        two(b, t.getDayOfMonth()).append('T');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond());
        b.append(offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId());
        return b.toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        if (v < 10) {
            b.append('0');
        }
        return b.append(v);
    }

    /** Quotes a field when it holds a comma, a quote or a line break; doubles inner quotes. */
    static String quote(String field) {
        if (field == null) {
            return "";
        }
        boolean needs = false;
        for (int i = 0; i < field.length() && !needs; i++) {
            char c = field.charAt(i);
            needs = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
}
