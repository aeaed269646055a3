package org.leaktrace.bench;

/**
 * One alert as the latency bench saw it, with the moments that split its latency.
 *
 * <p>The alert sinks stamp each message with the time they wrote it into the open Kafka
 * transaction (the producer's CreateTime), so {@code writtenAt − sentAt} is the pipeline's share
 * of the latency (ingest, event-time waits, detection) and {@code seenAt − writtenAt} is the
 * exactly-once share (waiting for the checkpoint that commits the transaction).
 *
 * @param kind {@code caller_alert} or {@code leak_suspicion}
 * @param label what raised it: a caller alert's reasons, a suspicion's update number
 * @param eventMillis the alert's event time
 * @param writtenAt wall-clock ms the sink wrote the message (Kafka message timestamp)
 * @param seenAt wall-clock ms the read_committed consumer received it
 */
record AlertTrace(String kind, String label, long eventMillis, long writtenAt, long seenAt) {}
