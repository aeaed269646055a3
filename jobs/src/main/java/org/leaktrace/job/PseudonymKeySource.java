package org.leaktrace.job;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.leaktrace.sink.Pseudonymizer;

/**
 * Where the HMAC key for victim pseudonyms comes from: a file, the environment, or nowhere.
 *
 * <p>The key itself is never held in configuration records or printed: only the place it is read
 * from. Without a key, a run gets a random one, so its pseudonyms are consistent within the run
 * but cannot be joined with other runs' (and nobody can re-identify them).
 *
 * @param file path of a file holding the key (trailing newline ignored), or null
 */
public record PseudonymKeySource(String file) implements Serializable {
    public static final String ENV = "LEAKTRACE_PSEUDONYM_KEY";

    public static PseudonymKeySource from(String file) {
        return new PseudonymKeySource(file);
    }

    /** True when the key is random for this run only. */
    public boolean ephemeral() {
        return file == null && System.getenv(ENV) == null;
    }

    /** Reads the key and builds the pseudonymizer. */
    public Pseudonymizer pseudonymizer() {
        if (file != null) {
            try {
                return Pseudonymizer.fromSecret(Files.readString(Path.of(file)).strip());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read pseudonym key file " + file, e);
            }
        }
        String env = System.getenv(ENV);
        if (env != null) {
            return Pseudonymizer.fromSecret(env);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new Pseudonymizer(key);
    }
}
