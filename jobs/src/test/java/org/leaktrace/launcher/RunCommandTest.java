package org.leaktrace.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.job.StreamingConfig;

class RunCommandTest {
    @TempDir
    Path dir;

    private static Args run(String... argv) {
        return Args.parse("run", argv, Set.of("config"));
    }

    @Test
    void withoutAConfigEverySettingTakesItsDefault() throws Exception {
        StreamingConfig cfg = RunCommand.load(run());

        assertEquals(StreamingConfig.defaults().toString(), cfg.toString());
        assertEquals("localhost:9092", cfg.bootstrapServers());
        assertEquals(null, cfg.elasticsearch(), "Elasticsearch only when elasticsearch.url is set");
    }

    @Test
    void aConfigFileSetsWhatItNamesAndLeavesTheRestAtDefaults() throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "bootstrap.servers=broker-1:9093\n", StandardCharsets.UTF_8);

        StreamingConfig cfg = RunCommand.load(run("--config", file.toString()));

        assertEquals("broker-1:9093", cfg.bootstrapServers());
        assertEquals(StreamingConfig.defaults().topics(), cfg.topics());
    }

    @Test
    void aNamedFileThatIsMissingIsAUsageError() {
        Args.UsageException e = assertThrows(Args.UsageException.class,
                () -> RunCommand.load(run("--config", dir.resolve("nowhere.properties").toString())));
        assertTrue(e.getMessage().contains("nowhere.properties: no such file"), e.getMessage());
    }
}
