package org.leaktrace.sink.es;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where the Elasticsearch API key and the trusted CA come from: file paths, or else environment
 * variables.
 *
 * <p>It names places, never the secret itself, so configuration records holding it may be printed.
 * The key is read once, by {@link #configFor}, when the job is built: it travels to the
 * TaskManagers inside the job graph (as {@link ElasticsearchConfig}, which never prints it).
 * A file named in the configuration wins over the environment; {@value #API_KEY_FILE_ENV} wins
 * over {@value #API_KEY_ENV}, so a key mounted as a file (a Kubernetes or Compose secret) need
 * never be in an environment variable.
 *
 * @param apiKeyFile file holding the API key (the base64 {@code encoded} form), or null
 * @param caCertFile PEM file of the CA certificate(s) to trust over https, or null
 * @param caFingerprint SHA-256 fingerprint of the CA certificate, or null
 */
public record ElasticsearchAccess(String apiKeyFile, String caCertFile, String caFingerprint) implements Serializable {
    /** The API key itself. */
    public static final String API_KEY_ENV = "LEAKTRACE_ES_API_KEY";
    /** A file holding the API key. */
    public static final String API_KEY_FILE_ENV = "LEAKTRACE_ES_API_KEY_FILE";
    /** A PEM file of the CA to trust. */
    public static final String CA_CERT_ENV = "LEAKTRACE_ES_CA_CERT";
    /** The CA certificate's SHA-256 fingerprint. */
    public static final String CA_FINGERPRINT_ENV = "LEAKTRACE_ES_CA_FINGERPRINT";

    /** Nothing configured: everything from the environment, if anywhere. */
    public static final ElasticsearchAccess FROM_ENVIRONMENT = new ElasticsearchAccess(null, null, null);

    /**
     * The sink configuration for the cluster at {@code url}, with the API key and trusted CA read
     * from their files or {@code env}.
     *
     * @param env the environment ({@code System::getenv} outside tests)
     * @throws UncheckedIOException naming the file, when a named file cannot be read
     * @throws IllegalArgumentException for an empty key, a bad certificate or fingerprint, or
     *     trust settings with an {@code http://} URL
     */
    public ElasticsearchConfig configFor(String url, UnaryOperator<String> env) {
        return ElasticsearchConfig.defaults(url).withApiKey(apiKey(env)).withTls(tls(env));
    }

    private String apiKey(UnaryOperator<String> env) {
        String file = apiKeyFile != null ? apiKeyFile : env.apply(API_KEY_FILE_ENV);
        String key = file != null ? read(file, "Elasticsearch API key") : env.apply(API_KEY_ENV);
        if (key != null && key.isBlank()) {
            throw new IllegalArgumentException("the Elasticsearch API key is empty"
                    + (file != null ? " in " + file : " (" + API_KEY_ENV + ")"));
        }
        return key == null ? null : key.strip();
    }

    private ElasticsearchTls tls(UnaryOperator<String> env) {
        boolean configured = caCertFile != null || caFingerprint != null;
        String cert = configured ? caCertFile : env.apply(CA_CERT_ENV);
        String fingerprint = configured ? caFingerprint : env.apply(CA_FINGERPRINT_ENV);
        return new ElasticsearchTls(cert == null ? null : read(cert, "Elasticsearch CA certificate"), fingerprint);
    }

    private static String read(String file, String what) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " file " + file, e);
        }
    }
}
