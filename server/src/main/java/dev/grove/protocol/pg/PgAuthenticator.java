package dev.grove.protocol.pg;

import dev.grove.gateway.Access;

import java.io.IOException;

/**
 * Decides who a PostgreSQL connection is, during startup, and what it may read. The node uses
 * {@link PgGatewayAuthenticator}: trust while authentication is off, a password over TLS (or a client
 * certificate) checked by the gateway while it is on. SCRAM-SHA-256 would be another implementation,
 * exchanging SASL messages through the {@link Exchange}. An implementation refuses a client by throwing
 * {@link PgAuthenticationException}, whose message the client sees (the same for a wrong user and a
 * wrong password).
 */
public interface PgAuthenticator
{
    /**
     * Authenticates the client, exchanging messages as the method needs; returns what it may do.
     * Do not send AuthenticationOk: the connection sends it once this returns.
     */
    Access authenticate(PgStartup startup, Exchange exchange)
            throws IOException;

    /** The messages an authentication method may exchange with the client. */
    interface Exchange
    {
        /** Sends AuthenticationXXX ('R') with this request code (e.g. 3 cleartext, 10 SASL, 11 SASLContinue) and data. */
        void sendAuthenticationRequest(int code, byte[] data)
                throws IOException;

        /** Reads the client's next 'p' message (PasswordMessage, SASLInitialResponse or SASLResponse) body. */
        byte[] readPasswordMessage()
                throws IOException;
    }
}
