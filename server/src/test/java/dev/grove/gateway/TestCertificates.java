package dev.grove.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for TLS tests, made with the JDK's own keytool: a CA, a server certificate for
 * 127.0.0.1 and localhost, and a client certificate signed by the CA, as PEM files and PKCS#12 stores.
 */
public record TestCertificates(Path directory)
{
    public static final String PASSWORD = "changeit";

    public static TestCertificates create(Path directory)
            throws IOException, InterruptedException
    {
        TestCertificates certificates = new TestCertificates(directory);
        certificates.keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Grove Test CA", "-ext", "bc:c",
                "-validity", "3", "-keystore", "ca.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        certificates.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-file", "ca.pem");
        certificates.keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "3", "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        certificates.keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", "server.p12", "-storepass", PASSWORD, "-file", "server.pem");
        certificates.writePrivateKey("server.p12", "server", "server-key.pem");
        certificates.keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=alice",
                "-validity", "3", "-keystore", "client.p12", "-storetype", "PKCS12", "-storepass", PASSWORD);
        certificates.keytool("-certreq", "-alias", "client", "-keystore", "client.p12", "-storepass", PASSWORD, "-file", "client.csr");
        certificates.keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-storepass", PASSWORD, "-infile", "client.csr",
                "-outfile", "client.pem", "-validity", "3");
        certificates.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "client.p12", "-storepass", PASSWORD);
        certificates.keytool("-importcert", "-alias", "client", "-file", "client.pem", "-keystore", "client.p12", "-storepass", PASSWORD);
        certificates.writePrivateKey("client.p12", "client", "client-key.pem");
        return certificates;
    }

    public Path caPem()
    {
        return directory.resolve("ca.pem");
    }

    public Path serverPem()
    {
        return directory.resolve("server.pem");
    }

    public Path serverKeyPem()
    {
        return directory.resolve("server-key.pem");
    }

    public Path clientPem()
    {
        return directory.resolve("client.pem");
    }

    public Path clientKeyPem()
    {
        return directory.resolve("client-key.pem");
    }

    public KeyStore store(String name)
            throws Exception
    {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(directory.resolve(name))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private void writePrivateKey(String store, String alias, String file)
            throws IOException
    {
        try {
            PrivateKey key = (PrivateKey) store(store).getKey(alias, PASSWORD.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(directory.resolve(file), pem);
        }
        catch (Exception e) {
            throw new IOException("Cannot export the key of " + store, e);
        }
    }

    private void keytool(String... arguments)
            throws IOException, InterruptedException
    {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
