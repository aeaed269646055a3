package org.leaktrace.sink.es;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for {@code localhost} and {@code 127.0.0.1}, made with the
 * JDK's {@code keytool}, in the forms servers and clients want: a PKCS12 key store, a PKCS12 trust
 * store, the certificate and its private key as PEM, and the certificate's SHA-256 fingerprint.
 *
 * @param keyStore PKCS12 with the key pair, protected by {@code password}
 * @param trustStore PKCS12 with the certificate only, protected by {@code password}
 * @param certificatePem the certificate (PEM)
 * @param privateKeyPem the unencrypted PKCS#8 private key (PEM)
 * @param password password of both stores
 * @param sha256 fingerprint of the certificate, lowercase hex
 */
public record SelfSignedCertificate(
        Path keyStore, Path trustStore, Path certificatePem, Path privateKeyPem, String password, String sha256) {

    /** Generates a fresh key pair and certificate named {@code name} in {@code dir}. */
    public static SelfSignedCertificate generate(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        String password = "store-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        Path keyStore = dir.resolve(name + "-keystore.p12");
        Path trustStore = dir.resolve(name + "-truststore.p12");
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                "-dname", "CN=localhost,O=LeakTrace test " + name, "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keyStore.toString(), "-storepass", password,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", password);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, password.toCharArray());
        }
        PrivateKey privateKey = (PrivateKey) ks.getKey(name, password.toCharArray());
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
        Certificate certificate = ks.getCertificate(name);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        return new SelfSignedCertificate(keyStore, trustStore, cert, key, password, sha256);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
        }
    }
}
