package org.leaktrace.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo} on small worlds: by default through an embedded broker, or straight from the files. */
class DemoITCase {
    private static final Pattern WRITTEN = Pattern.compile("alerts written: (\\d+)");
    private static final Pattern READ_BACK = Pattern.compile("Read (\\d+) committed alerts back");

    @TempDir
    Path dir;

    @Test
    void byDefaultStreamsTheWorldThroughAnEmbeddedBrokerAndScoresTheAlertsReadBack() throws Exception {
        Path out = dir.resolve("demo");
        String printed = demo("--seed", "11", "--subscribers", "3000", "--days", "10", "--out", out.toString());

        assertTrue(printed.contains("Kafka broker (KRaft, in-process)"), printed);
        assertFalse(printed.contains("Formatting metadata directory"), "the broker's formatter stays out of the report");
        long written = number(WRITTEN, printed);
        assertTrue(written > 0, "the world's campaigns raise alerts");
        assertEquals(written, number(READ_BACK, printed), "every alert counted is committed and read back once");
        List<String> lines = Files.readAllLines(out.resolve("alerts.jsonl"));
        assertEquals(written, lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"kind\":\"caller_alert\"")), "caller alert lines");
        assertTrue(printed.contains("Attribution precision"), "scored against the truth");
    }

    @Test
    void withKafkaOffReplaysTheFilesWithoutABroker() throws Exception {
        Path out = dir.resolve("demo-off");
        String printed = demo("--seed", "11", "--subscribers", "3000", "--days", "10", "--out", out.toString(),
                "--kafka", "off");

        assertFalse(printed.contains("Kafka broker"), printed);
        assertTrue(printed.contains("records read: "), "progress and summary lines");
        long written = number(WRITTEN, printed);
        assertTrue(written > 0, "the world's campaigns raise alerts");
        assertEquals(written, Files.readAllLines(out.resolve("alerts.jsonl")).size());
        assertTrue(printed.contains("Attribution recall"), "scored against the truth");
    }

    /** Runs the demo with its report captured (and echoed to stderr for the test log). */
    private static String demo(String... args) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        long t0 = System.nanoTime();
        int exit;
        try (PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            exit = DemoCommand.run(args);
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        System.err.println(printed);
        System.err.printf("demo %s took %.1f s%n", String.join(" ", args), (System.nanoTime() - t0) / 1e9);
        assertEquals(0, exit, printed);
        return printed;
    }

    private static long number(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), "no match for " + p + " in\n" + text);
        return Long.parseLong(m.group(1));
    }
}
