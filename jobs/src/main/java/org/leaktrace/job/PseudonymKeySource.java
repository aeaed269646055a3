package org.leaktrace.job;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;
import org.leaktrace.sink.Pseudonymizer;

/**
 * Where the HMAC key for victim pseudonyms comes from: a file, the environment, or nowhere.
 *
 * <p>The key itself is never held in configuration records or printed: only the place it is read
 * from. In order: the configured file; the file named by {@value #FILE_ENV} (a mounted secret);
 * the key itself in {@value #ENV}. Without any, a run gets a random key, so its pseudonyms are
 * consistent within the run but cannot be joined with other runs' (and nobody can re-identify
 * them).
 *
 * @param file path of a file holding the key (trailing newline ignored), or null
 */
public record PseudonymKeySource(String file) implements Serializable {
    /** The key itself. */
    public static final String ENV = "LEAKTRACE_PSEUDONYM_KEY";
    /** A file holding the key. */
    public static final String FILE_ENV = "LEAKTRACE_PSEUDONYM_KEY_FILE";

    public static PseudonymKeySource from(String file) {
        return new PseudonymKeySource(file);
    }

    /** True when the key is random for this run only. */
    public boolean ephemeral() {
        return ephemeral(System::getenv);
    }

    /** Reads the key and builds the pseudonymizer. */
    public Pseudonymizer pseudonymizer() {
        return pseudonymizer(System::getenv);
    }

    boolean ephemeral(UnaryOperator<String> env) {
        return file == null && env.apply(FILE_ENV) == null && env.apply(ENV) == null;
    }

    Pseudonymizer pseudonymizer(UnaryOperator<String> env) {
        String keyFile = file != null ? file : env.apply(FILE_ENV);
        if (keyFile != null) {
            try {
                return Pseudonymizer.fromSecret(Files.readString(Path.of(keyFile)).strip());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read pseudonym key file " + keyFile, e);
            }
        }
        String key = env.apply(ENV);
        if (key != null) {
            return Pseudonymizer.fromSecret(key);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new Pseudonymizer(random);
    }
}
