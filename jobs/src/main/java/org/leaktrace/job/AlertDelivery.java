package org.leaktrace.job;

import java.util.Locale;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The names of the alert topics' two deliveries, {@code exactly-once} and {@code at-least-once},
 * as the {@code alerts.delivery} setting and {@code bench --latency-delivery} spell them.
 *
 * <p>{@link DeliveryGuarantee#NONE} has no name here: an alert the sink may drop is not offered.
 */
public final class AlertDelivery {
    private AlertDelivery() {}

    /**
     * The delivery named {@code name} (case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static DeliveryGuarantee parse(String name) {
        switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "exactly-once":
                return DeliveryGuarantee.EXACTLY_ONCE;
            case "at-least-once":
                return DeliveryGuarantee.AT_LEAST_ONCE;
            default:
                throw new IllegalArgumentException("exactly-once or at-least-once, got '" + name.strip() + "'");
        }
    }

    /** The name {@link #parse} reads as {@code delivery}. */
    public static String name(DeliveryGuarantee delivery) {
        return requireOffered(delivery, "an alert delivery").name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * {@code delivery}, if it is one of the two offered.
     *
     * @param setting what chose it, for the message
     * @throws IllegalArgumentException for {@link DeliveryGuarantee#NONE} or null
     */
    public static DeliveryGuarantee requireOffered(DeliveryGuarantee delivery, String setting) {
        if (delivery != DeliveryGuarantee.EXACTLY_ONCE && delivery != DeliveryGuarantee.AT_LEAST_ONCE) {
            throw new IllegalArgumentException(setting + " must be exactly-once or at-least-once, got " + delivery);
        }
        return delivery;
    }
}
