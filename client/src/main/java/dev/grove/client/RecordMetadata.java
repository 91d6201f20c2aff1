package dev.grove.client;

import static java.util.Objects.requireNonNull;

/**
 * Where an acknowledged record landed: its datasource and log offset. Acknowledged means durable on
 * the node and visible to queries.
 */
public record RecordMetadata(String datasource, long offset)
{
    public RecordMetadata
    {
        requireNonNull(datasource, "datasource is null");
    }
}
