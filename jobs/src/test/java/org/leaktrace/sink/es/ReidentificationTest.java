package org.leaktrace.sink.es;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.leaktrace.sink.Pseudonymizer;

/**
 * The README's re-identification recipe holds: the pseudonym in Elasticsearch is what
 * {@code printf '%s' NUMBER | openssl dgst -sha256 -hmac KEY} prints for the E.164 number.
 */
class ReidentificationTest {
    @Test
    void opensslComputesTheSamePseudonym() {
        // printf '%s' '+8613800000001' | openssl dgst -sha256 -hmac 'test-key-for-leaktrace-es-0123456789'
        assertEquals("52760c440ecef2c6a6ecfe9a54e66cd603353d89641da44a81b7bc4bb37d24ea",
                Pseudonymizer.fromSecret("test-key-for-leaktrace-es-0123456789").pseudonym("+8613800000001"));
    }
}
