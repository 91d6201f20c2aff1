package dev.grove.ingest;

/**
 * Where a batch landed: its partition and first offset (-1 when not known, with acks {@code none}),
 * and whether it was a retry of a batch already written (then these are the original's offsets).
 */
public record AppendOutcome(int partition, long baseOffset, int count, boolean duplicate)
{
    AppendOutcome asDuplicate()
    {
        return new AppendOutcome(partition, baseOffset, count, true);
    }
}
