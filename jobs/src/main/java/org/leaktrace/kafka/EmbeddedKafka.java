package org.leaktrace.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster (KRaft, broker and controller in one process) inside this JVM, on
 * localhost, for the demo and the integration tests.
 *
 * <p>Internal topics are configured for one node (replication factor 1, one partition), so
 * transactions and consumer groups work without a second broker. Not for production: no
 * security, and the data lives in {@code logDir}.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /**
     * Broker settings for internal topics on a cluster of one node: without them, consumer groups
     * and transactions wait for replicas that never come.
     */
    public static final Map<String, String> SINGLE_NODE = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "1",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "1",
            "group.initial.rebalance.delay.ms", "0");
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /**
     * Formats {@code logDir}, starts the node and waits until the broker is ready.
     *
     * @param brokerConfig further broker settings (e.g. {@code log.retention.check.interval.ms})
     */
    public static EmbeddedKafka start(Path logDir, Map<String, String> brokerConfig) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(logDir)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
        SINGLE_NODE.forEach(builder::setConfigProp);
        brokerConfig.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new EmbeddedKafka(cluster);
    }

    /**
     * Formats the node's directories with the formatter's report sent to the log.
     *
     * <p>The test kit's formatter prints to {@code System.out}, which is the demo's report to its
     * user; nothing else writes there while a broker starts.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        System.setOut(new PrintStream(report, true, StandardCharsets.UTF_8));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
            LOG.debug("Kafka storage formatted: {}", report.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** The {@code bootstrap.servers} of the node. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
