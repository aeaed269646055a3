package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RocksDB settings of {@link Environments.RocksDb} reach the RocksDB instances a job opens:
 * read back from the {@code OPTIONS} file RocksDB writes next to its data, while a job with keyed
 * state runs on a MiniCluster.
 */
class RocksDbSettingsITCase {
    @TempDir
    Path dir;

    @Test
    void aJobOnRocksDbOpensItWithBloomFiltersAndTheSsdProfile() throws Exception {
        Configuration conf = Environments.failFast();
        conf.setString("state.backend.type", Environments.ROCKSDB);
        conf.setString("state.backend.rocksdb.localdir", dir.toString());
        StreamExecutionEnvironment env = Environments.create(1, conf);
        env.fromSequence(0, Long.MAX_VALUE)
                .keyBy(n -> n % 1_000, Types.LONG)
                .map(new CountPerKey())
                .uid("count-per-key").name("count-per-key")
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("rocksdb-settings");
        try {
            String options = awaitOptionsOfState("count");
            String table = section(options, "[TableOptions/BlockBasedTable \"count\"]");
            // RocksDB names the table's filter policy; without one it writes nullptr.
            assertTrue(table.contains("filter_policy=bloomfilter"), table);
            // FLASH_SSD_OPTIMIZED: no limit on open files.
            assertTrue(options.contains("max_open_files=-1"), options);
        } finally {
            job.cancel().get();
        }
    }

    /** The first complete OPTIONS file that lists the state's column family. */
    private String awaitOptionsOfState(String state) throws Exception {
        String columnFamily = "[CFOptions \"" + state + "\"]";
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<String> found = optionsFiles().stream()
                    .map(RocksDbSettingsITCase::read)
                    .filter(text -> text.contains(columnFamily))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        fail("no RocksDB OPTIONS file with " + columnFamily + " under " + dir);
        return null;
    }

    /** The lines of {@code header}'s section of an OPTIONS file, up to the next section. */
    private static String section(String options, String header) {
        int start = options.indexOf(header);
        assertTrue(start >= 0, header + " in " + options);
        int end = options.indexOf("\n[", start + header.length());
        return options.substring(start, end < 0 ? options.length() : end);
    }

    private List<Path> optionsFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            // Not OPTIONS-*.dbtmp: RocksDB writes the file under that name, then renames it.
            return files.filter(p -> p.getFileName().toString().startsWith("OPTIONS-"))
                    .filter(p -> !p.getFileName().toString().endsWith(".dbtmp"))
                    .toList();
        } catch (UncheckedIOException e) {
            // RocksDB renames its files while they are listed.
            return List.of();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** Reads and writes a value per key, so that RocksDB opens a column family for it. */
    static final class CountPerKey extends RichMapFunction<Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext openContext) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public Long map(Long n) throws Exception {
            Long seen = count.value();
            long next = seen == null ? 1 : seen + 1;
            count.update(next);
            return next;
        }
    }
}
