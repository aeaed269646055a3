package org.leaktrace.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes pre-rendered JSON lines to one local file.
 *
 * <p>Replays and the demo hand analysts a single {@code alerts.jsonl}, not a directory of part
 * files, so this sink must run with parallelism 1 (enforced at writer creation). Lines are
 * flushed at every checkpoint and at end of input; a {@code .gz} name compresses.
 */
public final class JsonLinesFileSink implements Sink<String> {
    private static final long serialVersionUID = 1L;

    private final String file;

    public JsonLinesFileSink(String file) {
        this.file = file;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        if (parallelism != 1) {
            throw new IllegalStateException(
                    "JsonLinesFileSink writes one file and needs parallelism 1, got " + parallelism);
        }
        return new Writer(Path.of(file));
    }

    private static final class Writer implements SinkWriter<String> {
        private final BufferedWriter out;

        Writer(Path path) throws IOException {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream raw = Files.newOutputStream(path);
            if (path.getFileName().toString().endsWith(".gz")) {
                raw = new GZIPOutputStream(raw, 1 << 16);
            }
            this.out = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
        }

        @Override
        public void write(String line, Context context) throws IOException {
            out.write(line);
            out.write('\n');
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
