package dev.grove.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * TLS for HTTP and gRPC from PEM files; see {@link ConfigKey} for what each key means. Off when no
 * certificate is given.
 */
public record TlsConfig(Optional<String> certFile, Optional<String> keyFile, Optional<String> clientCaFile)
{
    public static final TlsConfig OFF = new TlsConfig(Optional.empty(), Optional.empty(), Optional.empty());

    public TlsConfig
    {
        certFile = requireNonNull(certFile, "certFile is null").filter(file -> !file.isBlank());
        keyFile = requireNonNull(keyFile, "keyFile is null").filter(file -> !file.isBlank());
        clientCaFile = requireNonNull(clientCaFile, "clientCaFile is null").filter(file -> !file.isBlank());
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException(ConfigKey.TLS_CERT_FILE.key() + " and " + ConfigKey.TLS_KEY_FILE.key() + " must be set together");
        }
        if (clientCaFile.isPresent() && certFile.isEmpty()) {
            throw new IllegalArgumentException(ConfigKey.TLS_CLIENT_CA_FILE.key() + " needs TLS on: set " + ConfigKey.TLS_CERT_FILE.key() + " and "
                    + ConfigKey.TLS_KEY_FILE.key());
        }
    }

    public boolean enabled()
    {
        return certFile.isPresent();
    }
}
