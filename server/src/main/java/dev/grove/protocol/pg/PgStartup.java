package dev.grove.protocol.pg;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What a client's startup packet asked for: the user, the database, and the other run-time
 * parameters (application_name, client_encoding, DateStyle, ...), where it connected from, and whether
 * the connection is encrypted (TLS), which decides whether a cleartext password may be asked for.
 */
public record PgStartup(String user, String database, Map<String, String> parameters, String remoteAddress, boolean secure)
{
    public PgStartup
    {
        requireNonNull(user, "user is null");
        requireNonNull(database, "database is null");
        parameters = Map.copyOf(requireNonNull(parameters, "parameters is null"));
        requireNonNull(remoteAddress, "remoteAddress is null");
    }
}
