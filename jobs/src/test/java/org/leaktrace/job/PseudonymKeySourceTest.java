package org.leaktrace.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.sink.Pseudonymizer;

class PseudonymKeySourceTest {
    private static final String VICTIM = "+8613812345678";
    private static final String FILE_KEY = "key-from-the-configured-file-0001";
    private static final String ENV_FILE_KEY = "key-from-the-file-named-in-env-02";
    private static final String ENV_KEY = "key-in-the-environment-itself-03";

    @TempDir
    Path dir;

    @Test
    void configuredFileThenFileNamedInTheEnvironmentThenTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("configured.key"), FILE_KEY + "\n");
        Path envFile = Files.writeString(dir.resolve("env.key"), ENV_FILE_KEY + "\n");
        UnaryOperator<String> all = env(Map.of(PseudonymKeySource.FILE_ENV, envFile.toString(),
                PseudonymKeySource.ENV, ENV_KEY));

        assertEquals(expected(FILE_KEY), PseudonymKeySource.from(file.toString()).pseudonymizer(all).pseudonym(VICTIM));
        assertEquals(expected(ENV_FILE_KEY), PseudonymKeySource.from(null).pseudonymizer(all).pseudonym(VICTIM));
        assertEquals(expected(ENV_KEY), PseudonymKeySource.from(null)
                .pseudonymizer(env(Map.of(PseudonymKeySource.ENV, ENV_KEY))).pseudonym(VICTIM));
        assertFalse(PseudonymKeySource.from(null).ephemeral(all));
        assertFalse(PseudonymKeySource.from(null).ephemeral(env(Map.of(PseudonymKeySource.FILE_ENV, envFile.toString()))));
    }

    @Test
    void withoutAnyKeyEachRunHasItsOwnRandomKey() {
        PseudonymKeySource none = PseudonymKeySource.from(null);
        assertTrue(none.ephemeral(env(Map.of())));
        assertNotEquals(none.pseudonymizer(env(Map.of())).pseudonym(VICTIM),
                none.pseudonymizer(env(Map.of())).pseudonym(VICTIM));
    }

    @Test
    void anUnreadableKeyFileFailsNamingTheFile() {
        String missing = dir.resolve("missing.key").toString();
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> PseudonymKeySource.from(null).pseudonymizer(env(Map.of(PseudonymKeySource.FILE_ENV, missing))));
        assertTrue(e.getMessage().contains(missing), e.getMessage());
    }

    @Test
    void printsThePlaceNeverTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("k"), FILE_KEY);
        String shown = PseudonymKeySource.from(file.toString()).toString();
        assertTrue(shown.contains(file.toString()), shown);
        assertFalse(shown.contains(FILE_KEY), shown);
    }

    private static String expected(String key) {
        return Pseudonymizer.fromSecret(key).pseudonym(VICTIM);
    }

    private static UnaryOperator<String> env(Map<String, String> vars) {
        return vars::get;
    }
}
