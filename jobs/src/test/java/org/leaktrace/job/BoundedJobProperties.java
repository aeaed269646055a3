package org.leaktrace.job;

import java.util.Properties;

/**
 * The streaming settings the Kafka integration tests share: a bounded job on two subtasks that
 * checkpoints (and so commits its transactions) every second.
 *
 * <p>Each test adds what it is about (topics, security, a checkpoint directory) to these.
 */
final class BoundedJobProperties {
    private BoundedJobProperties() {}

    /** Settings for a bounded job on the brokers at {@code bootstrapServers}. */
    static Properties of(String bootstrapServers) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("checkpoint.interval", "1 s");
        p.setProperty("parallelism", "2");
        p.setProperty("bounded", "true");
        p.setProperty("transaction.timeout", "1 min");
        return p;
    }
}
