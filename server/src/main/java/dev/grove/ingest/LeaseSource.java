package dev.grove.ingest;

/**
 * Who may append to a partition. A node appends only to partitions it holds a lease on; the lease
 * source says which those are. One node owns everything today ({@link LocalLeaseSource}); Kafka mode
 * and many nodes plug in their own.
 */
public interface LeaseSource
{
    /**
     * Returns normally when this node may append to the partition now.
     *
     * @throws dev.grove.error.GroveException PARTITION_NOT_OWNED (gRPC NOT_FOUND: refresh metadata and re-route)
     *         or LEASE_EXPIRED (FAILED_PRECONDITION)
     */
    void checkOwned(String topic, int partition);
}
