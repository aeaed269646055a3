package org.leaktrace.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
    @Test
    void matchesHmacSha256ReferenceValue() {
        // Reference computed independently:
        // echo -n "+8613812345678" | openssl dgst -sha256 -hmac "leaktrace-test-key"
        Pseudonymizer p = Pseudonymizer.fromSecret("leaktrace-test-key");
        assertEquals("f9653687ec10f4ce4733f48c2f1ac16397292cdf0aa31daadaf320a8854e20bf",
                p.pseudonym("+8613812345678"));
    }

    @Test
    void differentKeysAndNumbersGiveDifferentPseudonyms() {
        Pseudonymizer a = Pseudonymizer.fromSecret("leaktrace-test-key-a");
        Pseudonymizer b = Pseudonymizer.fromSecret("leaktrace-test-key-b");
        assertNotEquals(a.pseudonym("+8613812345678"), b.pseudonym("+8613812345678"));
        assertNotEquals(a.pseudonym("+8613812345678"), a.pseudonym("+8613812345679"));
        assertFalse(a.pseudonym("+8613812345678").contains("13812345678"));
    }

    @Test
    void rememberedPseudonymsAreThePseudonymsBeyondWhatIsRemembered() {
        Pseudonymizer p = Pseudonymizer.fromSecret("leaktrace-test-key");
        UnaryOperator<String> remembering = p.remembering(3);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 10; i++) {
                String number = "+861381234567" + i;
                assertEquals(p.pseudonym(number), remembering.apply(number), number + ", round " + round);
            }
        }
        assertEquals("f9653687ec10f4ce4733f48c2f1ac16397292cdf0aa31daadaf320a8854e20bf",
                remembering.apply("+8613812345678"));
    }

    @Test
    void shortKeysAreRefusedAndKeyIsNeverPrinted() {
        assertThrows(IllegalArgumentException.class, () -> Pseudonymizer.fromSecret("short"));
        assertFalse(Pseudonymizer.fromSecret("leaktrace-test-key").toString().contains("leaktrace-test-key"));
    }
}
