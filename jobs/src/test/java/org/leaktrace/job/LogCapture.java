package org.leaktrace.job;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything this JVM logs at INFO and above, and everything it prints to stdout and stderr, while
 * open: to prove that no secret reaches a log or the console.
 *
 * <p>INFO is the level a production deployment runs at and the one at which Kafka clients and
 * brokers print their whole configuration. The console appenders keep printing WARN and above
 * only, so the test output stays readable.
 */
public final class LogCapture implements AutoCloseable {
    private static final String NAME = "leaktrace-log-capture";

    private final StringWriter logged = new StringWriter();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Level originalLevel;

    public LogCapture() {
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        originalLevel = root.getLevel();
        Appender capture = WriterAppender.newBuilder()
                .setName(NAME)
                .setTarget(logged)
                .setLayout(PatternLayout.newBuilder().withPattern("%-5level %c - %msg%n%throwable").build())
                .build();
        capture.start();
        config.addAppender(capture);
        for (Appender existing : root.getAppenders().values()) {
            root.removeAppender(existing.getName());
            root.addAppender(existing, Level.WARN, null);
        }
        root.addAppender(capture, Level.INFO, null);
        root.setLevel(Level.INFO);
        context.updateLoggers();
        System.setOut(new PrintStream(new Tee(originalOut, printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, printed), true, StandardCharsets.UTF_8));
    }

    /** What was logged and printed so far. */
    public String text() {
        synchronized (printed) {
            return logged + "\n" + printed.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(NAME);
        root.setLevel(originalLevel);
        context.updateLoggers();
    }

    /** Writes to the real console and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                console.write(b);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                console.write(b, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
