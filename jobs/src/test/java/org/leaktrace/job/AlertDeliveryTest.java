package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class AlertDeliveryTest {

    @Test
    void eachDeliveryReadsBackFromItsName() {
        for (DeliveryGuarantee d : new DeliveryGuarantee[] {DeliveryGuarantee.EXACTLY_ONCE,
                DeliveryGuarantee.AT_LEAST_ONCE}) {
            assertEquals(d, AlertDelivery.parse(AlertDelivery.name(d)));
        }
        assertEquals("at-least-once", AlertDelivery.name(DeliveryGuarantee.AT_LEAST_ONCE));
        assertEquals(DeliveryGuarantee.EXACTLY_ONCE, AlertDelivery.parse(" Exactly-Once "));
    }

    @Test
    void aDeliveryThatMayDropAlertsIsNotOffered() {
        assertThrows(IllegalArgumentException.class, () -> AlertDelivery.parse("none"));
        assertThrows(IllegalArgumentException.class, () -> AlertDelivery.name(DeliveryGuarantee.NONE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlertDelivery.requireOffered(DeliveryGuarantee.NONE, "alerts.delivery"));
        assertEquals("alerts.delivery must be exactly-once or at-least-once, got none", e.getMessage());
        assertEquals(DeliveryGuarantee.AT_LEAST_ONCE,
                AlertDelivery.requireOffered(DeliveryGuarantee.AT_LEAST_ONCE, "alerts.delivery"));
    }
}
