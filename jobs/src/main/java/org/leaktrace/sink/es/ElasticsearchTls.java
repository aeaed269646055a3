package org.leaktrace.sink.es;

import co.elastic.clients.transport.TransportUtils;
import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which server certificates the Elasticsearch client trusts over {@code https}.
 *
 * <p>Elasticsearch clusters usually present certificates of their own CA, which the JVM's default
 * trust store does not know. Either the CA certificate (PEM, the {@code http_ca.crt} a secured
 * node writes) or the SHA-256 fingerprint of the CA certificate (printed by Elasticsearch at its
 * first start) tells the client whom to trust; with neither, the JVM's trust store applies. The
 * PEM text itself is carried, not its path, so TaskManagers need no copy of the file. Host names
 * are always verified against the certificate.
 *
 * @param caCertificatesPem one or more PEM certificates to trust, or null
 * @param caFingerprint SHA-256 of the CA certificate in hex (colons allowed), or null
 */
public record ElasticsearchTls(String caCertificatesPem, String caFingerprint) implements Serializable {
    /** The JVM's default trust store. */
    public static final ElasticsearchTls JVM_DEFAULT = new ElasticsearchTls(null, null);

    public ElasticsearchTls {
        if (caCertificatesPem != null && caFingerprint != null) {
            throw new IllegalArgumentException("give either a CA certificate or a CA fingerprint for Elasticsearch, not both");
        }
        if (caFingerprint != null) {
            caFingerprint = caFingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
            if (!caFingerprint.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("Elasticsearch CA fingerprint must be a SHA-256 in hex (64 digits)");
            }
        }
        if (caCertificatesPem != null && certificates(caCertificatesPem).isEmpty()) {
            throw new IllegalArgumentException("no certificate in the Elasticsearch CA certificate PEM");
        }
    }

    /** Trust the certificates of a PEM file's content. */
    public static ElasticsearchTls caCertificates(String pem) {
        return new ElasticsearchTls(pem, null);
    }

    /** Trust a chain whose CA certificate has this SHA-256 fingerprint. */
    public static ElasticsearchTls caFingerprint(String sha256Hex) {
        return new ElasticsearchTls(null, sha256Hex);
    }

    /** True when neither a CA nor a fingerprint is configured. */
    public boolean jvmDefault() {
        return caCertificatesPem == null && caFingerprint == null;
    }

    /** The SSL context for the client, or null for the JVM's default. */
    public SSLContext sslContext() {
        if (caFingerprint != null) {
            return TransportUtils.sslContextFromCaFingerprint(caFingerprint);
        }
        if (caCertificatesPem == null) {
            return null;
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(caCertificatesPem)) {
                trust.setCertificateEntry("leaktrace-es-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store from the Elasticsearch CA certificate", e);
        }
    }

    private static Collection<? extends Certificate> certificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Elasticsearch CA certificate is not a PEM X.509 certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return caFingerprint != null ? "ElasticsearchTls[caFingerprint=" + caFingerprint + "]"
                : caCertificatesPem != null ? "ElasticsearchTls[caCertificates=" + certificates(caCertificatesPem).size() + "]"
                : "ElasticsearchTls[jvm-default]";
    }
}
