package dev.grove.error;

import static java.util.Objects.requireNonNull;

/**
 * An error with a code. Its message is written for the user: what happened and what to do.
 */
public class GroveException
        extends RuntimeException
{
    private final GroveErrorCode code;

    public GroveException(GroveErrorCode code, String message)
    {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public GroveException(GroveErrorCode code, String message, Throwable cause)
    {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public GroveErrorCode code()
    {
        return code;
    }
}
