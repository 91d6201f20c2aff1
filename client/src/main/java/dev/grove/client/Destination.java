package dev.grove.client;

import static java.util.Objects.requireNonNull;

/**
 * Where a batch goes: a datasource and one of its partitions, or {@link #ROUTED_BY_NODE} when the
 * producer does not know the partitions and leaves routing to the node.
 */
record Destination(String datasource, int partition)
{
    static final int ROUTED_BY_NODE = -1;

    Destination
    {
        requireNonNull(datasource, "datasource is null");
    }
}
