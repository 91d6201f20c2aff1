package dev.grove.client;

import io.grpc.Status;

/**
 * The node refused one record of a batch (not JSON, missing timestamp, wrong type, ...); the other
 * records of the batch are unaffected. Resending it unchanged fails again.
 */
public final class RecordRejectedException
        extends GroveClientException
{
    private final int index;

    public RecordRejectedException(int index, String reason)
    {
        super(Status.Code.INVALID_ARGUMENT, "Record rejected: " + reason);
        this.index = index;
    }

    /** The record's position in the batch it was sent in. */
    public int index()
    {
        return index;
    }
}
