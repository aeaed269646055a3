package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class TouchConfigTest {

    @Test
    void defaults() {
        TouchConfig c = TouchConfig.defaults();
        assertEquals(8, c.maxTouches());
        assertEquals(Duration.ofHours(6), c.serviceWindow());
        assertEquals(Duration.ofDays(60), c.subscriberTtl());
        assertEquals(256, c.contactBloomBits());
        assertEquals(2, c.contactBloomHashes());
        assertEquals(24, c.contactBloomCapacity());
        assertEquals(0.01, c.sourceSizeFlushShare());
        assertEquals(1, c.sourceSizeFlushMinDelta());
        assertEquals(Duration.ofHours(1), c.sourceSizeFlushInterval());
        assertEquals(30, c.hubMinCallers());
        assertEquals(45, c.hubMinCallSeconds());
        assertEquals("86", c.sourceKinds().countryCode());
        assertEquals(
                EnumSet.of(NumberKind.FIXED_LINE, NumberKind.TOLL_FREE, NumberKind.SERVICE_CODE, NumberKind.SMS_GATEWAY),
                c.sourceKinds().sourceKinds());
        assertEquals(EnumSet.of(NumberKind.SERVICE_CODE, NumberKind.SMS_GATEWAY), c.sourceKinds().senderKinds());
    }

    @Test
    void rejectsBloomSizeNotMultipleOf64() {
        TouchConfig d = TouchConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> new TouchConfig(d.maxTouches(), d.serviceWindow(),
                d.subscriberTtl(), 100, 2, 24, d.sourceKinds(), 0.01, 1, d.sourceSizeFlushInterval(), 30, 45));
    }

    @Test
    void rejectsHubThresholdBeyondItsBuffer() {
        TouchConfig d = TouchConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> new TouchConfig(d.maxTouches(), d.serviceWindow(),
                d.subscriberTtl(), 256, 2, 24, d.sourceKinds(), 0.01, 1, d.sourceSizeFlushInterval(),
                HubFunction.MAX_MIN_CALLERS + 1, 45));
    }
}
