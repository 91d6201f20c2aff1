package dev.grove.protocol.pg;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.gateway.Access;
import dev.grove.gateway.Gateway;
import dev.grove.gateway.ScramServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * PostgreSQL authentication through the gateway, as HTTP and gRPC authenticate. With authentication off
 * every client is let in (AuthenticationOk) as the gateway's anonymous caller. With it on, a client
 * certificate verified against {@code grove.tls.clientCaFile} names the user; otherwise a plain connection
 * does SCRAM-SHA-256 (the password never travels), and a TLS connection sends its password in clear text
 * inside TLS (AuthenticationCleartextPassword), which the gateway checks like HTTP Basic credentials, so an
 * API key works as the password too. (Clients over TLS would ask SCRAM for channel binding, which the
 * gateway's SCRAM does not offer.)
 */
public final class PgGatewayAuthenticator
        implements PgAuthenticator
{
    static final String FRONT_DOOR = "pg";
    private static final int CLEARTEXT_PASSWORD = 3;
    private static final int SASL = 10;
    private static final int SASL_CONTINUE = 11;
    private static final int SASL_FINAL = 12;
    private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

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
            return scram(startup, exchange);
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

    /** SASL with SCRAM-SHA-256: AuthenticationSASL, SASLInitialResponse, SASLContinue, SASLResponse, SASLFinal. */
    private Access scram(PgStartup startup, Exchange exchange)
            throws IOException
    {
        exchange.sendAuthenticationRequest(SASL, (SCRAM_SHA_256 + "\0\0").getBytes(StandardCharsets.US_ASCII));
        PgBuffer initial = new PgBuffer(exchange.readPasswordMessage(), "SASLInitialResponse");
        String mechanism = initial.readCString();
        if (!mechanism.equals(SCRAM_SHA_256)) {
            throw new PgAuthenticationException(SqlState.INVALID_AUTHORIZATION, "SASL mechanism " + mechanism + " is not offered; use " + SCRAM_SHA_256);
        }
        int length = initial.readInt32();
        String clientFirst = new String(initial.readBytes(Math.max(0, length)), StandardCharsets.UTF_8);
        initial.expectEnd();
        try {
            ScramServer scram = gateway.scram(startup.user(), startup.remoteAddress());
            exchange.sendAuthenticationRequest(SASL_CONTINUE, scram.firstMessage(clientFirst).getBytes(StandardCharsets.UTF_8));
            String clientFinal = new String(exchange.readPasswordMessage(), StandardCharsets.UTF_8);
            Gateway.ScramOutcome outcome = gateway.admitScram(scram, clientFinal, startup.remoteAddress(), FRONT_DOOR);
            exchange.sendAuthenticationRequest(SASL_FINAL, outcome.serverFinal().getBytes(StandardCharsets.UTF_8));
            return outcome.access();
        }
        catch (GroveException e) {
            throw translated(e, startup);
        }
    }

    private Access admit(Optional<String> authorization, PgStartup startup, Optional<String> clientCertificate)
    {
        try {
            return gateway.admit(authorization, startup.remoteAddress(), clientCertificate, FRONT_DOOR);
        }
        catch (GroveException e) {
            throw translated(e, startup);
        }
    }

    private static RuntimeException translated(GroveException e, PgStartup startup)
    {
        if (e.code() == GroveErrorCode.TOO_MANY_FAILED_LOGINS) {
            return new PgAuthenticationException("53400", e.getMessage());
        }
        if (e.code() == GroveErrorCode.UNAUTHENTICATED) {
            return failed(startup);
        }
        return e;
    }

    /** PostgreSQL's words, the same whether the user or the password was wrong. */
    private static PgAuthenticationException failed(PgStartup startup)
    {
        return new PgAuthenticationException("28P01", "password authentication failed for user \"" + startup.user() + "\"");
    }
}
