package org.leaktrace.kafka;

/**
 * A Kafka message that cannot be turned into a record, with the reason its dead letter carries.
 *
 * <p>Checked, like {@link org.leaktrace.ingest.InvalidRecordException}, so every caller decides
 * where the message goes; without a stack trace, because bad messages are routine.
 */
public class UndecodableException extends Exception {
    private static final long serialVersionUID = 1L;

    public UndecodableException(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
