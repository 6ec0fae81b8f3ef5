package org.medcloud.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed TLS server certificate for {@code 127.0.0.1} / {@code localhost}, made with the
 * JDK's own {@code keytool} (RSA 2048, valid 2 days) in a temporary directory: as PKCS#12 for Java
 * servers, as PEM certificate + key for Node.js ones (Azurite {@code --cert/--key}), and as an
 * {@link SSLContext} for clients that trusts this certificate only. Close it to delete the files.
 */
public final class SelfSignedTls implements AutoCloseable {

    private static final String ALIAS = "server";

    private final Path dir;
    private final Path pkcs12;
    private final char[] password;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Path certificatePem;
    private final Path privateKeyPem;

    private SelfSignedTls() {
        this.dir = TestDirs.tempDir("tls-");
        this.pkcs12 = dir.resolve("server.p12");
        this.password = java.util.UUID.randomUUID().toString().toCharArray();
        try {
            runKeytool();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(pkcs12)) {
                ks.load(in, password);
            }
            this.certificate = (X509Certificate) ks.getCertificate(ALIAS);
            this.privateKey = (PrivateKey) ks.getKey(ALIAS, password);
            this.certificatePem = dir.resolve("server.crt.pem");
            this.privateKeyPem = dir.resolve("server.key.pem");
            Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(privateKeyPem, pem("PRIVATE KEY", privateKey.getEncoded()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            TestDirs.deleteRecursively(dir);
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | RuntimeException e) {
            TestDirs.deleteRecursively(dir);
            throw new IllegalStateException("cannot create a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** Generates a new key pair and certificate. */
    public static SelfSignedTls generate() {
        return new SelfSignedTls();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** PEM certificate file (Azurite {@code --cert}). */
    public Path certificatePem() {
        return certificatePem;
    }

    /** PEM PKCS#8 private key file, unencrypted (Azurite {@code --key}). */
    public Path privateKeyPem() {
        return privateKeyPem;
    }

    /** For a Java TLS server ({@code HttpsServer}, Jetty, ...): presents this certificate. */
    public SSLContext serverContext() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, privateKey, password, new java.security.cert.Certificate[]{certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trust store holding only this certificate. */
    public KeyStore trustStore() {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry(ALIAS, certificate);
            return ts;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For clients: trusts this certificate and nothing else (not even the JDK's CAs). */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A {@code java.net.http} client builder whose TLS trusts this certificate only. */
    public java.net.http.HttpClient.Builder httpClientBuilder() {
        return java.net.http.HttpClient.newBuilder().sslContext(clientContext());
    }

    @Override
    public void close() {
        TestDirs.deleteRecursively(dir);
    }

    private void runKeytool() throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        String pw = new String(password);
        List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA",
                "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-storetype", "PKCS12", "-keystore", pkcs12.toString(),
                "-storepass", pw, "-keypass", pw, "-noprompt");
        Path out = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(pkcs12)) {
            throw new IllegalStateException("keytool failed (exit " + p.exitValue() + "): " + Files.readString(out));
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
