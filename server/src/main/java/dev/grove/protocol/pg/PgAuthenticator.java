package dev.grove.protocol.pg;

import java.io.IOException;

/**
 * Decides who a PostgreSQL connection is, during startup. The seam for authentication: today the node
 * uses {@link #TRUST} (Grove has no authentication yet, and binds to loopback); SCRAM-SHA-256, or a
 * cleartext password over TLS, implement this with the {@link Exchange}'s authentication messages.
 * An implementation refuses a client by throwing {@link PgAuthenticationException}, whose message the
 * client sees (the same for a wrong user and a wrong password).
 */
public interface PgAuthenticator
{
    /** Every client is the user its startup packet names. */
    PgAuthenticator TRUST = (startup, exchange) -> startup.user();

    /**
     * Authenticates the client, exchanging messages as the method needs; returns the principal's name.
     * Do not send AuthenticationOk: the connection sends it once this returns.
     */
    String authenticate(PgStartup startup, Exchange exchange)
            throws IOException;

    /** The messages an authentication method may exchange with the client. */
    interface Exchange
    {
        /** Sends AuthenticationXXX ('R') with this request code (e.g. 10 SASL, 11 SASLContinue, 3 cleartext) and data. */
        void sendAuthenticationRequest(int code, byte[] data)
                throws IOException;

        /** Reads the client's next 'p' message (PasswordMessage, SASLInitialResponse or SASLResponse) body. */
        byte[] readPasswordMessage()
                throws IOException;
    }
}
