package dev.grove.protocol.pg;

/**
 * A client failed authentication; the connection answers FATAL 28P01 with this message and closes.
 */
public final class PgAuthenticationException
        extends RuntimeException
{
    public PgAuthenticationException(String message)
    {
        super(message);
    }
}
