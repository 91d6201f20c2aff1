package dev.grove.protocol.pg;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.gateway.Access;
import dev.grove.gateway.Gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * PostgreSQL authentication through the gateway, as HTTP and gRPC authenticate. With authentication off
 * every client is let in (AuthenticationOk) as the gateway's anonymous caller. With it on, a client
 * certificate verified against {@code grove.tls.clientCaFile} names the user; otherwise the client must
 * have negotiated TLS and is asked for its password in clear text (AuthenticationCleartextPassword),
 * which the gateway checks like HTTP Basic credentials: the user's password or an API key. A plain
 * connection is refused before any password is sent.
 */
public final class PgGatewayAuthenticator
        implements PgAuthenticator
{
    static final String FRONT_DOOR = "pg";
    private static final int CLEARTEXT_PASSWORD = 3;

    private final Gateway gateway;

    public PgGatewayAuthenticator(Gateway gateway)
    {
        this.gateway = requireNonNull(gateway, "gateway is null");
    }

    @Override
    public Access authenticate(PgStartup startup, Exchange exchange)
            throws IOException
    {
        if (!gateway.authenticationEnabled()) {
            return admit(Optional.empty(), startup, Optional.empty());
        }
        if (startup.clientCertificate().isPresent()) {
            return admit(Optional.empty(), startup, startup.clientCertificate());
        }
        if (!startup.secure()) {
            throw new PgAuthenticationException(SqlState.INVALID_AUTHORIZATION, "authentication is on and needs TLS, so that no password travels in clear: "
                    + "connect with sslmode=require (the node needs grove.tls.certFile and grove.tls.keyFile)");
        }
        if (startup.user().indexOf(':') >= 0) {
            throw failed(startup);
        }
        exchange.sendAuthenticationRequest(CLEARTEXT_PASSWORD, new byte[0]);
        PgBuffer buffer = new PgBuffer(exchange.readPasswordMessage(), "PasswordMessage");
        String password = buffer.readCString();
        buffer.expectEnd();
        String basic = "Basic " + Base64.getEncoder().encodeToString((startup.user() + ":" + password).getBytes(StandardCharsets.UTF_8));
        return admit(Optional.of(basic), startup, Optional.empty());
    }

    private Access admit(Optional<String> authorization, PgStartup startup, Optional<String> clientCertificate)
    {
        try {
            return gateway.admit(authorization, startup.remoteAddress(), clientCertificate, FRONT_DOOR);
        }
        catch (GroveException e) {
            if (e.code() == GroveErrorCode.TOO_MANY_FAILED_LOGINS) {
                throw new PgAuthenticationException("53400", e.getMessage());
            }
            if (e.code() == GroveErrorCode.UNAUTHENTICATED) {
                throw failed(startup);
            }
            throw e;
        }
    }

    /** PostgreSQL's words, the same whether the user or the password was wrong. */
    private static PgAuthenticationException failed(PgStartup startup)
    {
        return new PgAuthenticationException("28P01", "password authentication failed for user \"" + startup.user() + "\"");
    }
}
