package org.leaktrace.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SimulateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpAndBadFlags() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: simulate --out DIR"));
        assertEquals(2, run("--seed", "3"));
        assertEquals(2, run("--out", "x", "--colour", "blue"));
        assertEquals(2, run("--out", "x", "--subscribers", "many"));
        assertEquals(2, run("stray"));
    }

    @Test
    void writesASmokeWorld(@TempDir Path dir) {
        assertEquals(0, run("--out", dir.toString(), "--seed", "4", "--subscribers", "5000", "--days", "2",
                "--broken-rows", "2", "--disorder-minutes", "3"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("CDR rows (+2 broken)"));
        for (String f : List.of("cdr.csv", "complaints.csv", "organizations.csv", "truth.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
    }

    /**
     * A 200,000-subscriber, 2-day world in a separate JVM capped at 512 MB of heap: the simulator
     * keeps one day of primitive buffers plus customer arrays, so this must finish without OOM.
     */
    @Test
    void largeWorldFitsInASmallHeap(@TempDir Path dir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), SimulateCommand.class.getName(),
                "--out", dir.toString(), "--subscribers", "200000", "--days", "2"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile())
                .start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out");
        String log = Files.readString(dir.resolve("log.txt"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("CDR rows"), log);
        assertTrue(Files.size(dir.resolve("cdr.csv")) > 10_000_000L);
    }
}
