package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.kafka.EmbeddedKafka;
import org.leaktrace.kafka.SingleObjectCodec;
import org.leaktrace.kafka.TopicReader;
import org.leaktrace.launcher.RunCommand;
import org.leaktrace.schema.CallerAlert;
import org.leaktrace.schema.LeakSuspicion;
import org.leaktrace.sim.WorldConfig;
import org.leaktrace.sim.WorldSimulator;
import org.leaktrace.sim.WorldSummary;
import org.leaktrace.sink.es.SelfSignedCertificate;

/**
 * The streaming job over a broker that only speaks SASL_SSL (SASL/PLAIN over TLS with a
 * self-signed certificate), with every secret named, never written, in its configuration.
 *
 * <p>The job's configuration reads its Kafka password and trust store password through Kafka's
 * {@code FileConfigProvider}; {@code produce} runs as a separate launcher process whose password
 * comes from an environment variable through {@code EnvVarConfigProvider}. Topic creation, the
 * directory snapshot, the sources, the transactional alert sinks, the dead-letter sink and the
 * alert read-back all authenticate, so a client that missed the pass-through settings would fail
 * the run. While it runs, everything logged at INFO (Kafka prints each client's configuration at
 * that level) and everything printed is captured and searched for the secrets.
 */
class KafkaSaslSslITCase {
    private static final String LISTENER = "EXTERNAL";
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String PASSWORD_ENV = "LEAKTRACE_KAFKA_PASSWORD";

    @TempDir
    static Path dir;

    static SelfSignedCertificate cert;
    static String jobPassword;
    static String producerPassword;
    static String brokerPassword;
    static String pseudonymKey;
    static KafkaClusterTestKit broker;
    static StreamingConfig cfg;
    static WorldSummary world;
    static String summaryLine;
    static String captured;
    static String producerOutput;

    @BeforeAll
    static void runTheJobOverSaslSsl() throws Exception {
        cert = SelfSignedCertificate.generate(dir.resolve("tls"), "kafka-broker");
        jobPassword = secret("job");
        producerPassword = secret("producer");
        brokerPassword = secret("broker");
        pseudonymKey = secret("pseudonym");
        broker = startBroker();

        Path secrets = Files.writeString(dir.resolve("leaktrace-kafka.properties"),
                "password=" + jobPassword + "\ntruststore.password=" + cert.password() + "\n");
        Path keyFile = Files.writeString(dir.resolve("pseudonym.key"), pseudonymKey + "\n");
        Path jobConfig = writeConfig(dir.resolve("job.properties"), Map.of(
                "kafka.sasl.jaas.config", jaas("leaktrace", "${file:" + secrets + ":password}"),
                "kafka.ssl.truststore.password", "${file:" + secrets + ":truststore.password}",
                "pseudonym.key-file", keyFile.toString()));
        Path producerConfig = writeConfig(dir.resolve("produce.properties"), Map.of(
                "kafka.sasl.jaas.config", jaas("producer", "${env:" + PASSWORD_ENV + "}"),
                "kafka.ssl.truststore.password", "${file:" + secrets + ":truststore.password}"));
        assertFalse(Files.readString(jobConfig).contains(jobPassword));
        assertFalse(Files.readString(producerConfig).contains(producerPassword));

        cfg = StreamingConfig.load(jobConfig);
        world = WorldSimulator.write(WorldConfig.defaults().withSeed(11).withSize(3_000, 10), dir.resolve("world"));
        try (LogCapture capture = new LogCapture()) {
            StreamingJob.createTopics(cfg, 2);
            producerOutput = produceInAnotherProcess(producerConfig);
            assertEquals(0, RunCommand.run(new String[] {"--config", jobConfig.toString()}));
            captured = capture.text();
        }
        summaryLine = captured.lines().filter(l -> l.startsWith("records read:")).findFirst().orElseThrow(
                () -> new AssertionError("no summary line printed"));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyRecordProducedOverSaslSslIsReadAndTheAlertsAreCommitted() throws Exception {
        assertTrue(producerOutput.contains(world.cdrRows() + " records written"), producerOutput);
        assertTrue(summaryLine.startsWith("records read: " + (world.cdrRows() + world.complaints()) + ","), summaryLine);
        List<LeakSuspicion> suspicions = TopicReader.readCommitted(cfg.kafkaProperties(), cfg.topics().suspicions(),
                SingleObjectCodec.of(LeakSuspicion.class), Duration.ofMinutes(1));
        List<CallerAlert> callerAlerts = TopicReader.readCommitted(cfg.kafkaProperties(), cfg.topics().callerAlerts(),
                SingleObjectCodec.of(CallerAlert.class), Duration.ofMinutes(1));
        assertTrue(callerAlerts.size() > 0, "a world with campaigns yields caller alerts");
        assertTrue(summaryLine.contains("alerts written: " + (callerAlerts.size() + suspicions.size()) + " "),
                summaryLine + " vs " + callerAlerts.size() + " caller alerts, " + suspicions.size() + " suspicions");
    }

    @Test
    void aWrongPasswordIsRefused() {
        Properties wrong = cfg.kafkaProperties();
        wrong.setProperty("sasl.jaas.config", jaas("leaktrace", "not-" + jobPassword));
        ExecutionException e = assertThrows(ExecutionException.class, () -> listTopics(wrong));
        assertInstanceOf(SaslAuthenticationException.class, e.getCause(), e.toString());
    }

    @Test
    void aBrokerCertificateNobodyTrustsIsRefused() throws Exception {
        SelfSignedCertificate other = SelfSignedCertificate.generate(dir.resolve("tls-other"), "stranger");
        Properties untrusting = cfg.kafkaProperties();
        untrusting.setProperty("ssl.truststore.location", other.trustStore().toString());
        untrusting.setProperty("ssl.truststore.password", other.password());
        ExecutionException e = assertThrows(ExecutionException.class, () -> listTopics(untrusting));
        assertInstanceOf(SslAuthenticationException.class, e.getCause(), e.toString());
    }

    @Test
    void noSecretIsLoggedOrPrinted() {
        // The capture is not vacuous: Kafka clients printed their configuration, and run its own.
        assertTrue(captured.contains("sasl.jaas.config = [hidden]"), "Kafka client configurations were logged");
        assertTrue(captured.contains("config: StreamingConfig["), "run printed its configuration");
        assertTrue(captured.contains("sasl.jaas.config=<redacted>"), "run redacted the JAAS configuration");
        assertTrue(producerOutput.contains("sasl.jaas.config = [hidden]"), producerOutput);
        for (String secret : List.of(jobPassword, producerPassword, brokerPassword, pseudonymKey, cert.password())) {
            assertFalse(captured.contains(secret), "a secret was logged or printed by the job");
            assertFalse(producerOutput.contains(secret), "a secret was logged or printed by produce");
        }
    }

    private static void listTopics(Properties props) throws Exception {
        props.setProperty("default.api.timeout.ms", "20000");
        props.setProperty("request.timeout.ms", "10000");
        try (Admin admin = Admin.create(props)) {
            admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }

    /** One combined KRaft node whose only client listener is SASL_SSL; the controller listener stays internal. */
    private static KafkaClusterTestKit startBroker() throws Exception {
        // The test kit only knows PLAINTEXT and SASL_PLAINTEXT: it is told PLAINTEXT and the
        // protocol map below makes the listener SASL_SSL.
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(dir.resolve("kafka"))
                .build();
        String listener = "listener.name." + LISTENER.toLowerCase() + ".";
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("listener.security.protocol.map", LISTENER + ":SASL_SSL,CONTROLLER:PLAINTEXT")
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN")
                .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .setConfigProp(listener + "plain.sasl.jaas.config", PLAIN + " required username=\"broker\" password=\""
                        + brokerPassword + "\" user_broker=\"" + brokerPassword + "\" user_leaktrace=\"" + jobPassword
                        + "\" user_producer=\"" + producerPassword + "\";")
                .setConfigProp("ssl.keystore.type", "PKCS12")
                .setConfigProp("ssl.keystore.location", cert.keyStore().toString())
                .setConfigProp("ssl.keystore.password", cert.password())
                .setConfigProp("ssl.key.password", cert.password())
                .setConfigProp("ssl.truststore.type", "PKCS12")
                .setConfigProp("ssl.truststore.location", cert.trustStore().toString())
                .setConfigProp("ssl.truststore.password", cert.password());
        EmbeddedKafka.SINGLE_NODE.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** A job configuration for this broker; {@code secrets} are the settings that name secrets. */
    private static Path writeConfig(Path file, Map<String, String> secrets) throws Exception {
        Properties p = BoundedJobProperties.of(broker.bootstrapServers());
        p.setProperty("kafka.security.protocol", "SASL_SSL");
        p.setProperty("kafka.sasl.mechanism", "PLAIN");
        p.setProperty("kafka.config.providers", "env,file");
        p.setProperty("kafka.config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        p.setProperty("kafka.config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        p.setProperty("kafka.ssl.truststore.type", "PKCS12");
        p.setProperty("kafka.ssl.truststore.location", cert.trustStore().toString());
        secrets.forEach(p::setProperty);
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "KafkaSaslSslITCase");
        }
        return file;
    }

    /** {@code produce} of the world, as its own launcher process with the password in its environment only. */
    private static String produceInAnotherProcess(Path config) throws Exception {
        Path launcher = Path.of("target", "leaktrace.jar").toAbsolutePath();
        Path log4j = Files.writeString(dir.resolve("log4j2-info.xml"), """
                <Configuration status="WARN">
                  <Appenders><Console name="out" target="SYSTEM_OUT"><PatternLayout pattern="%-5level %c - %msg%n"/></Console></Appenders>
                  <Loggers><Root level="INFO"><AppenderRef ref="out"/></Root></Loggers>
                </Configuration>
                """);
        Path worldDir = world.outDir();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlog4j.configurationFile=" + log4j.toUri(),
                "-cp", launcher.toString(), "org.leaktrace.launcher.Launcher", "produce",
                "--config", config.toString(),
                "--organizations", worldDir.resolve(WorldSimulator.ORGANIZATIONS).toString(),
                "--cdr", worldDir.resolve(WorldSimulator.CDR).toString(),
                "--complaints", worldDir.resolve(WorldSimulator.COMPLAINTS).toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put(PASSWORD_ENV, producerPassword);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "produce did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String jaas(String user, String password) {
        return PLAIN + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static String secret(String what) {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return what + "-" + HexFormat.of().formatHex(b);
    }
}
