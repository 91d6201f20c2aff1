package dev.grove.error;

import java.util.Optional;

/**
 * A SQL text that does not parse or validate; carries the position when known.
 */
public final class SqlException
        extends GroveException
{
    private final SqlPosition position;

    public SqlException(GroveErrorCode code, String message, SqlPosition position)
    {
        super(code, message);
        this.position = position;
    }

    public SqlException(GroveErrorCode code, String message)
    {
        this(code, message, null);
    }

    public Optional<SqlPosition> position()
    {
        return Optional.ofNullable(position);
    }
}
