package dev.grove.gateway;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The node's TLS identity and the CA it trusts for client certificates, read once from PEM files (the
 * format certificate authorities and cert-manager hand out): a certificate chain, a PKCS#8 private key
 * (RSA or EC), and optionally a CA bundle. Every protocol's TLS is built from this one object.
 */
public final class TlsMaterial
{
    private static final char[] STORE_PASSWORD = "grove".toCharArray();
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private final KeyStore identity;
    private final Optional<KeyStore> clientCas;

    private TlsMaterial(KeyStore identity, Optional<KeyStore> clientCas)
    {
        this.identity = requireNonNull(identity, "identity is null");
        this.clientCas = requireNonNull(clientCas, "clientCas is null");
    }

    public static TlsMaterial fromPem(Path certificateFile, Path keyFile, Optional<Path> clientCaFile)
    {
        try {
            Certificate[] chain = certificates(certificateFile).toArray(Certificate[]::new);
            if (chain.length == 0) {
                throw new IllegalArgumentException("No certificate in " + certificateFile + "; expected PEM '-----BEGIN CERTIFICATE-----' blocks");
            }
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("grove", privateKey(keyFile), STORE_PASSWORD, chain);
            Optional<KeyStore> trusted = Optional.empty();
            if (clientCaFile.isPresent()) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                int index = 0;
                for (Certificate certificate : certificates(clientCaFile.get())) {
                    cas.setCertificateEntry("ca-" + index++, certificate);
                }
                if (index == 0) {
                    throw new IllegalArgumentException("No certificate in " + clientCaFile.get());
                }
                trusted = Optional.of(cas);
            }
            return new TlsMaterial(identity, trusted);
        }
        catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot load TLS certificate " + certificateFile + " and key " + keyFile + ": " + e.getMessage(), e);
        }
    }

    public KeyStore identity()
    {
        return identity;
    }

    public char[] password()
    {
        return STORE_PASSWORD.clone();
    }

    public Optional<KeyStore> clientCas()
    {
        return clientCas;
    }

    public KeyManagerFactory keyManagers()
    {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(identity, STORE_PASSWORD);
            return factory;
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot use the TLS key: " + e.getMessage(), e);
        }
    }

    public Optional<TrustManagerFactory> clientTrust()
    {
        return clientCas.map(cas -> {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(cas);
                return factory;
            }
            catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot use the client CA: " + e.getMessage(), e);
            }
        });
    }

    /** The principal a verified client certificate stands for: its subject's common name. */
    public static Optional<String> commonName(Certificate[] peerCertificates)
    {
        if (peerCertificates == null || peerCertificates.length == 0 || !(peerCertificates[0] instanceof X509Certificate certificate)) {
            return Optional.empty();
        }
        Matcher cn = Pattern.compile("(?:^|,)\\s*CN=([^,]+)").matcher(certificate.getSubjectX500Principal().getName());
        return cn.find() ? Optional.of(cn.group(1).trim()) : Optional.empty();
    }

    private static Collection<? extends Certificate> certificates(Path file)
            throws IOException, GeneralSecurityException
    {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static PrivateKey privateKey(Path file)
            throws IOException
    {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher matcher = PRIVATE_KEY.matcher(pem);
        if (!matcher.find()) {
            throw new IllegalArgumentException("No PKCS#8 private key in " + file + " (expected '-----BEGIN PRIVATE KEY-----'; convert an RSA or EC key with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8')");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1)));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            }
            catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("The private key in " + file + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }
}
