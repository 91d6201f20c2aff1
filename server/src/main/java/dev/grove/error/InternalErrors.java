package dev.grove.error;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns a failure that is Grove's own fault into an error the caller may see: a fresh error id,
 * logged once here with the stack trace, and a message that names only the id (never an engine's
 * or library's internal text).
 *
 * <p>Thread-safe.
 */
public final class InternalErrors
{
    private static final Logger log = LoggerFactory.getLogger(InternalErrors.class);

    private InternalErrors() {}

    public static GroveException internal(GroveErrorCode code, String what, Throwable cause)
    {
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        log.error("Internal error {} while {}", id, what, cause);
        return new GroveException(code, "Internal error " + id + "; the node log has details under this id", cause);
    }
}
