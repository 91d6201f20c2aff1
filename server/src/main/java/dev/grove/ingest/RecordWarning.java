package dev.grove.ingest;

import static java.util.Objects.requireNonNull;

/**
 * The record at {@code index} of a batch was accepted, but looks like a mistake: {@code message} says why.
 */
public record RecordWarning(int index, String message)
{
    public RecordWarning
    {
        requireNonNull(message, "message is null");
    }
}
