package dev.grove.ingest;

import dev.grove.datasource.Datasource;
import dev.grove.log.DatasourceLog;
import dev.grove.log.Quarantine;
import dev.grove.log.RefusedBatches;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A datasource's open log (its topic): the partitions, the refusals and quarantine kept beside them,
 * and the partitioner of keyless records.
 */
final class Topic
{
    final Datasource datasource;
    final DatasourceLog log;
    final RefusedBatches refused;
    final Quarantine quarantine;
    final List<PartitionState> partitions;
    final Partitioner partitioner = new Partitioner();

    Topic(Datasource datasource, DatasourceLog log, RefusedBatches refused, Quarantine quarantine, List<ProducerStates> producers)
    {
        this.datasource = requireNonNull(datasource, "datasource is null");
        this.log = requireNonNull(log, "log is null");
        this.refused = requireNonNull(refused, "refused is null");
        this.quarantine = requireNonNull(quarantine, "quarantine is null");
        this.partitions = java.util.stream.IntStream.range(0, log.partitionCount())
                .mapToObj(p -> new PartitionState(this, p, log.partition(p), producers.get(p)))
                .toList();
    }

    String name()
    {
        return datasource.name();
    }
}
