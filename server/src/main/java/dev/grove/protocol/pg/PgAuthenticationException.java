package dev.grove.protocol.pg;

import static java.util.Objects.requireNonNull;

/**
 * A client failed authentication; the connection answers FATAL with this SQLSTATE (28P01 for a wrong
 * password, 28000 for a refused method) and message, and closes.
 */
public final class PgAuthenticationException
        extends RuntimeException
{
    private final String sqlState;

    public PgAuthenticationException(String sqlState, String message)
    {
        super(requireNonNull(message, "message is null"));
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
    }

    public String sqlState()
    {
        return sqlState;
    }
}
