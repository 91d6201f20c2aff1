package dev.grove.client;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Where an acknowledged record landed: its datasource, partition and log offset (per partition; the offset
 * is -1 with acks none, and both are -1 when the node routed a batch over several partitions because the
 * producer could not learn them), and the node's warnings about
 * it (accepted, but probably not what was meant, e.g. no field matched a column). Acknowledged means
 * durable on the node and visible to queries.
 */
public record RecordMetadata(String datasource, int partition, long offset, List<String> warnings)
{
    public RecordMetadata
    {
        requireNonNull(datasource, "datasource is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    public RecordMetadata(String datasource, long offset, List<String> warnings)
    {
        this(datasource, 0, offset, warnings);
    }

    public RecordMetadata(String datasource, long offset)
    {
        this(datasource, 0, offset, List.of());
    }
}
