package dev.grove.protocol.pg;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a client's startup packet asked for: the user, the database, and the other run-time
 * parameters (application_name, client_encoding, DateStyle, ...), where it connected from, and whether
 * the connection is encrypted (TLS), which decides whether a cleartext password may be asked for, and the
 * CN of a client certificate the TLS layer verified against {@code grove.tls.clientCaFile}.
 */
public record PgStartup(String user, String database, Map<String, String> parameters, String remoteAddress, boolean secure,
        Optional<String> clientCertificate)
{
    public PgStartup
    {
        requireNonNull(user, "user is null");
        requireNonNull(database, "database is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        requireNonNull(remoteAddress, "remoteAddress is null");
        requireNonNull(clientCertificate, "clientCertificate is null");
    }
}
