package org.leaktrace.deploy;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagerInfo;

/**
 * A Flink session cluster of separate processes: one JobManager and TaskManagers started with
 * {@code java -cp} on Flink's own entrypoints, like {@code bin/start-cluster.sh} does.
 *
 * <p>The processes get the test classpath without the classes the job jar bundles, so the job
 * can only run from the jar it is submitted with, as on a real cluster.
 */
final class FlinkSessionCluster implements AutoCloseable {
    private static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    private final Path dir;
    private final Path confDir;
    private final String classpath;
    private final int restPort;
    private final Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private final List<Process> killed = new ArrayList<>();
    private int started;

    private FlinkSessionCluster(Path dir, Path confDir, String classpath, int restPort, Process jobManager) {
        this.dir = dir;
        this.confDir = confDir;
        this.classpath = classpath;
        this.restPort = restPort;
        this.jobManager = jobManager;
    }

    /** Writes the configuration under {@code dir} and starts the JobManager; {@code extra} overrides defaults. */
    static FlinkSessionCluster start(Path dir, Map<String, String> extra) throws IOException {
        Path confDir = Files.createDirectories(dir.resolve("conf"));
        int restPort = freePort();
        Map<String, String> conf = new java.util.LinkedHashMap<>();
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.rpc.port", Integer.toString(freePort()));
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("jobmanager.memory.process.size", "768m");
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.port", Integer.toString(restPort));
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.numberOfTaskSlots", "2");
        // What bin/taskmanager.sh derives and passes to TaskManagerRunner; needed when starting it directly.
        conf.put("taskmanager.cpu.cores", "2");
        conf.put("taskmanager.memory.task.heap.size", "256m");
        conf.put("taskmanager.memory.task.off-heap.size", "16m");
        conf.put("taskmanager.memory.managed.size", "0m");
        conf.put("taskmanager.memory.network.min", "64m");
        conf.put("taskmanager.memory.network.max", "64m");
        conf.put("taskmanager.memory.framework.heap.size", "128m");
        conf.put("taskmanager.memory.framework.off-heap.size", "128m");
        conf.put("taskmanager.memory.jvm-metaspace.size", "256m");
        conf.put("taskmanager.memory.jvm-overhead.min", "192m");
        conf.put("taskmanager.memory.jvm-overhead.max", "192m");
        // A killed TaskManager is noticed within seconds, not after the default 50 s.
        conf.put("heartbeat.interval", "1000");
        conf.put("heartbeat.timeout", "6000");
        conf.put("restart-strategy.type", "fixed-delay");
        conf.put("restart-strategy.fixed-delay.attempts", "20");
        conf.put("restart-strategy.fixed-delay.delay", "2 s");
        conf.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        conf.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        conf.put("pipeline.generic-types", "false");
        conf.putAll(extra);
        StringBuilder yaml = new StringBuilder();
        conf.forEach((k, v) -> yaml.append(k).append(": \"").append(v).append("\"\n"));
        Files.writeString(confDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME), yaml);
        Files.writeString(confDir.resolve("log4j.properties"), """
                rootLogger.level = WARN
                rootLogger.appenderRef.out.ref = out
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
                logger.restart.name = org.apache.flink.runtime.executiongraph
                logger.restart.level = INFO
                """);
        String classpath = clusterClasspath();
        Process jm = launch(dir, confDir, classpath, JOB_MANAGER, "jobmanager", "-Xmx400m");
        FlinkSessionCluster cluster = new FlinkSessionCluster(dir, confDir, classpath, restPort, jm);
        return cluster;
    }

    /** Starts one more TaskManager process. */
    Process startTaskManager() throws IOException {
        Process tm = launch(dir, confDir, classpath, TASK_MANAGER, "taskmanager-" + (++started),
                "-Xmx400m", "-XX:MaxDirectMemorySize=256m");
        taskManagers.add(tm);
        return tm;
    }

    /** Kills a TaskManager like a lost machine: SIGKILL, no orderly shutdown. */
    void killTaskManager(Process tm) throws InterruptedException {
        killed.add(tm);
        tm.destroyForcibly();
        tm.waitFor(30, TimeUnit.SECONDS);
    }

    /** The cluster's configuration as a client sees it. */
    Configuration clientConfiguration() {
        return GlobalConfiguration.loadConfiguration(confDir.toString());
    }

    RestClusterClient<StandaloneClusterId> client() throws Exception {
        return new RestClusterClient<>(clientConfiguration(), StandaloneClusterId.getInstance());
    }

    /** Waits until {@code count} TaskManagers are registered with the JobManager. */
    void awaitTaskManagers(RestClusterClient<StandaloneClusterId> client, int count, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            assertAlive();
            try {
                Collection<TaskManagerInfo> tms = client.sendRequest(
                        org.apache.flink.runtime.rest.messages.taskmanager.TaskManagersHeaders.getInstance(),
                        org.apache.flink.runtime.rest.messages.EmptyMessageParameters.getInstance(),
                        org.apache.flink.runtime.rest.messages.EmptyRequestBody.getInstance())
                        .get(10, TimeUnit.SECONDS).getTaskManagerInfos();
                if (tms.size() == count) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // The REST endpoint is not up yet.
            }
            Thread.sleep(500);
        }
        throw new AssertionError(count + " TaskManagers not registered within " + timeout + "; logs in " + dir);
    }

    /** Fails fast, with the logs' location, when the JobManager or a TaskManager not killed on purpose died. */
    void assertAlive() {
        for (Process tm : taskManagers) {
            if (!tm.isAlive() && !killed.contains(tm)) {
                throw new AssertionError("a TaskManager exited with " + tm.exitValue() + "; see the logs in " + dir);
            }
        }
        if (!jobManager.isAlive()) {
            throw new AssertionError("JobManager exited with " + jobManager.exitValue() + "; see " + dir.resolve("jobmanager.log"));
        }
    }

    Path logDir() {
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process tm : taskManagers) {
            tm.destroyForcibly();
        }
        jobManager.destroy();
        if (!jobManager.waitFor(20, TimeUnit.SECONDS)) {
            jobManager.destroyForcibly();
        }
        for (Process tm : taskManagers) {
            tm.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static Process launch(Path dir, Path confDir, String classpath, String mainClass, String name,
            String... jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties").toUri());
        cmd.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.leaktrace");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.add("--configDir");
        cmd.add(confDir.toString());
        File log = dir.resolve(name + ".log").toFile();
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
    }

    /** The test classpath (expanded from surefire's manifest jar if needed) minus LeakTrace's classes. */
    static String clusterClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("surefirebooter") && entry.endsWith(".jar")) {
                entries.addAll(manifestClasspath(Path.of(entry)));
            } else {
                entries.add(entry);
            }
        }
        List<String> kept = new ArrayList<>();
        for (String e : entries) {
            String unix = e.replace(File.separatorChar, '/');
            if (!inJobJar(unix) && !e.isBlank()) {
                kept.add(e);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    /**
     * Classes the slim job jar carries (LeakTrace, Kafka clients and connector, Avro, CEP, ...):
     * a Flink distribution does not have them, and org.apache.flink.* on the parent classpath
     * would be loaded parent-first against the jar's Kafka clients.
     */
    private static boolean inJobJar(String entry) {
        String name = entry.substring(entry.lastIndexOf('/', entry.length() - 2) + 1);
        return entry.contains("/leaktrace-") || entry.matches(".*/target/(test-)?classes/?")
                || entry.contains("/org/apache/kafka/") || name.startsWith("flink-connector-kafka")
                || name.startsWith("flink-connector-base") || name.startsWith("flink-avro")
                || name.startsWith("avro-") || name.startsWith("flink-cep") || name.startsWith("libphonenumber")
                || entry.contains("/co/elastic/") || entry.contains("/org/elasticsearch/");
    }

    private static List<String> manifestClasspath(Path jar) throws IOException {
        List<String> out = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            for (String url : mf.getMainAttributes().getValue("Class-Path").split(" ")) {
                if (!url.isBlank()) {
                    out.add(Path.of(java.net.URI.create(url.startsWith("file:") ? url : "file:" + url)).toString());
                }
            }
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
