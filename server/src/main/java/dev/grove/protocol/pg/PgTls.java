package dev.grove.protocol.pg;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TLS server context for PostgreSQL connections, from PEM files: a certificate chain and an
 * unencrypted PKCS#8 private key (RSA or EC), as {@code openssl req -x509 -newkey rsa:2048 -nodes}
 * writes them. Problems are reported naming the file and what to do.
 */
public final class PgTls
{
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----(.*?)-----END PRIVATE KEY-----", Pattern.DOTALL);
    private static final char[] NO_PASSWORD = new char[0];

    private PgTls() {}

    public static SSLContext fromPem(Path certificateFile, Path keyFile)
    {
        List<Certificate> chain = certificates(certificateFile);
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("grove", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        }
        catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot use " + keyFile + " with " + certificateFile + " for TLS: " + e.getMessage()
                    + "; the key must belong to the first certificate", e);
        }
    }

    private static List<Certificate> certificates(Path file)
    {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(read(file)));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("No certificate in " + file + "; give a PEM file starting with -----BEGIN CERTIFICATE-----");
            }
            return List.copyOf(certificates);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the certificate in " + file + ": " + e.getMessage() + "; give a PEM X.509 certificate", e);
        }
    }

    private static PrivateKey privateKey(Path file)
    {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        Matcher matcher = PRIVATE_KEY.matcher(text);
        if (!matcher.find()) {
            throw new IllegalArgumentException("No unencrypted PKCS#8 private key (-----BEGIN PRIVATE KEY-----) in " + file
                    + "; convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file);
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(matcher.group(1));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The private key in " + file + " is not valid base64", e);
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("The private key in " + file + " is not an RSA, EC or Ed25519 key Grove can read");
    }

    private static byte[] read(Path file)
    {
        try {
            return Files.readAllBytes(file);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
