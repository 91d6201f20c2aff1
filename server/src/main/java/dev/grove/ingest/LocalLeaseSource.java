package dev.grove.ingest;

/**
 * The single-node lease source: this node owns every partition, always.
 */
public final class LocalLeaseSource
        implements LeaseSource
{
    @Override
    public void checkOwned(String topic, int partition)
    {
        // one node, one owner: nothing to check
    }
}
