package org.leaktrace.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.leaktrace.ingest.PhoneNumbers;

class LauncherTest {
    @Test
    void aFailureLeakTraceDescribedIsPrintedWithItsOwnWords() {
        IllegalArgumentException ours = assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.region("XX"));
        CompletionException wrapped = assertThrows(CompletionException.class,
                () -> CompletableFuture.failedFuture(ours).join());

        assertEquals(ours.getMessage(), Launcher.failureMessage(wrapped));
    }

    @Test
    void otherwiseTheRootCauseIs() {
        NumberFormatException root = assertThrows(NumberFormatException.class, () -> Integer.parseInt("x"));
        CompletionException wrapped = assertThrows(CompletionException.class,
                () -> CompletableFuture.failedFuture(root).join());

        assertEquals("NumberFormatException: For input string: \"x\"", Launcher.failureMessage(wrapped));
    }
}
