package dev.grove.ingest;

/**
 * When a Produce call is answered (see {@code docs/api.md} for the loss window of each).
 */
public enum AckMode
{
    /** After the batch is fsynced (group commit) and visible in SQL. Nothing acknowledged is lost. */
    DURABLE,
    /** After the batch is written to the log (not yet fsynced); fsync follows within the flush interval, visibility within a second. */
    BUFFERED,
    /** As soon as the batch is validated and queued; no offsets are returned. */
    NONE
}
