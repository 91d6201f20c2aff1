package dev.grove.protocol.pg;

import static java.util.Objects.requireNonNull;

/**
 * A PostgreSQL-level error with its SQLSTATE. When {@link #fatal()} (broken framing, an oversized or
 * unknown message, a failed startup) the connection is answered with a FATAL ErrorResponse and
 * closed; otherwise it is an ERROR (a malformed field, a bad parameter) and the session goes on.
 */
final class PgProtocolException
        extends RuntimeException
{
    private final String sqlState;
    private final boolean fatal;

    PgProtocolException(String sqlState, String message, boolean fatal)
    {
        super(requireNonNull(message, "message is null"));
        this.sqlState = requireNonNull(sqlState, "sqlState is null");
        this.fatal = fatal;
    }

    PgProtocolException(String sqlState, String message)
    {
        this(sqlState, message, false);
    }

    /** 08P01 (protocol_violation) in a message's fields: the framing is intact, so the session goes on. */
    static PgProtocolException violation(String message)
    {
        return new PgProtocolException(SqlState.PROTOCOL_VIOLATION, message, false);
    }

    /** 08P01 that ends the connection: the stream can no longer be trusted. */
    static PgProtocolException fatal(String message)
    {
        return new PgProtocolException(SqlState.PROTOCOL_VIOLATION, message, true);
    }

    String sqlState()
    {
        return sqlState;
    }

    boolean fatal()
    {
        return fatal;
    }
}
