package dev.grove.ingest;

import static java.util.Objects.requireNonNull;

/**
 * Why the record at {@code index} of a batch was refused.
 */
public record RecordError(int index, String message)
{
    public RecordError
    {
        requireNonNull(message, "message is null");
    }
}
