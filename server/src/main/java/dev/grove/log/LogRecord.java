package dev.grove.log;

import static java.util.Objects.requireNonNull;

/**
 * One record as it is kept in the log: key, value and the producer's timestamp (0 when not given).
 * The arrays are owned by the record once constructed; callers must not change them.
 */
public record LogRecord(byte[] key, byte[] value, long timestampMillis)
{
    public LogRecord
    {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
    }

    /** Bytes this record takes in a log entry. */
    int encodedSize()
    {
        return Long.BYTES + Integer.BYTES + key.length + Integer.BYTES + value.length;
    }
}
