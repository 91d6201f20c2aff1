package dev.grove.ingest;

import dev.grove.datasource.Datasource;
import dev.grove.datasource.DatasourceRegistry;
import dev.grove.datasource.Row;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.log.BatchProducer;
import dev.grove.log.LogRecord;
import dev.grove.metadata.ProducerStore.ProducerEpoch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Produce: validates a batch record by record, routes the valid ones to the datasource's partitions
 * (explicit partition, murmur2 of the key, or sticky round-robin), checks an idempotent producer's
 * epoch and the partition's lease, appends, and completes as the request's acks ask (by default once
 * durable and queryable). Invalid records are reported by index; the rest land.
 *
 * <p>Thread-safe.
 */
public final class IngestService
{
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final DatasourceRegistry registry;
    private final LogAppender appender;
    private final ProducerRegistry producers;
    private final LeaseSource leases;
    private final int maxBatchRecords;
    private final int maxRecordBytes;
    private volatile boolean draining;

    public IngestService(DatasourceRegistry registry, LogAppender appender, ProducerRegistry producers, LeaseSource leases, int maxBatchRecords, int maxRecordBytes)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.appender = requireNonNull(appender, "appender is null");
        this.producers = requireNonNull(producers, "producers is null");
        this.leases = requireNonNull(leases, "leases is null");
        this.maxBatchRecords = maxBatchRecords;
        this.maxRecordBytes = maxRecordBytes;
    }

    public CompletableFuture<ProduceResult> produce(String target, List<LogRecord> records)
    {
        return produce(target, records, ProduceOptions.DEFAULT);
    }

    /**
     * Validates the batch, routes its records to partitions and appends them; completes as
     * {@code options.acks()} says.
     */
    public CompletableFuture<ProduceResult> produce(String target, List<LogRecord> records, ProduceOptions options)
    {
        if (draining) {
            throw new GroveException(GroveErrorCode.NODE_DRAINING, "Node is shutting down and accepts no more events; send to another node or retry after restart");
        }
        if (target == null || target.isEmpty()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Produce needs a target datasource");
        }
        Datasource datasource = registry.getOrThrow(target);
        if (records.size() > maxBatchRecords) {
            throw new GroveException(GroveErrorCode.BATCH_TOO_LARGE, "Batch has " + records.size() + " records; at most "
                    + maxBatchRecords + " are allowed per Produce call (grove.ingest.maxBatchRecords)");
        }
        int[] partitionOf = route(datasource, records, options);
        BatchProducer producer = BatchProducer.NONE;
        if (options.idempotent()) {
            producer = idempotentProducer(datasource, records, options, partitionOf);
        }
        for (int partition : distinct(partitionOf)) {
            leases.checkOwned(datasource.name(), partition);
        }
        RowParser parser = new RowParser(datasource);
        List<LogRecord> accepted = new ArrayList<>(records.size());
        List<Row> rows = new ArrayList<>(records.size());
        List<Integer> acceptedPartitions = new ArrayList<>(records.size());
        List<RecordError> errors = new ArrayList<>();
        List<RecordWarning> warnings = new ArrayList<>();
        List<String> recordWarnings = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            LogRecord record = records.get(i);
            if (record.value().length > maxRecordBytes) {
                errors.add(new RecordError(i, "value is " + record.value().length + " bytes; at most " + maxRecordBytes + " are allowed (grove.ingest.maxRecordBytes)"));
                continue;
            }
            try {
                recordWarnings.clear();
                rows.add(parser.parse(record, recordWarnings));
                accepted.add(record);
                acceptedPartitions.add(partitionOf[i]);
                for (String warning : recordWarnings) {
                    warnings.add(new RecordWarning(i, warning));
                }
            }
            catch (IllegalArgumentException e) {
                errors.add(new RecordError(i, e.getMessage()));
            }
            catch (RuntimeException e) {
                // a parser fault must cost this one record, not the batch or the node
                String errorId = UUID.randomUUID().toString();
                log.warn("Datasource '{}': record {} of a batch could not be read (error id {})", target, i, errorId, e);
                errors.add(new RecordError(i, "internal error reading this record (error id " + errorId + " in the node log)"));
            }
        }
        if (accepted.isEmpty() && !producer.idempotent()) {
            return CompletableFuture.completedFuture(new ProduceResult(-1, 0, errors, warnings));
        }
        // an idempotent batch is written even with no valid record: its sequence numbers are used
        List<CompletableFuture<AppendOutcome>> appends = new ArrayList<>();
        Map<Integer, List<Integer>> byPartition = new TreeMap<>();
        for (int i = 0; i < accepted.size(); i++) {
            byPartition.computeIfAbsent(acceptedPartitions.get(i), p -> new ArrayList<>()).add(i);
        }
        if (byPartition.isEmpty()) {
            byPartition.put(partitionOf.length == 0 ? 0 : partitionOf[0], List.of());
        }
        for (Map.Entry<Integer, List<Integer>> share : byPartition.entrySet()) {
            List<LogRecord> shareRecords = new ArrayList<>(share.getValue().size());
            List<Row> shareRows = new ArrayList<>(share.getValue().size());
            for (int index : share.getValue()) {
                shareRecords.add(accepted.get(index));
                shareRows.add(rows.get(index));
            }
            appends.add(appender.append(datasource, share.getKey(), shareRecords, shareRows, producer, options.acks()));
        }
        int count = accepted.size();
        if (options.acks() == AckMode.NONE) {
            int firstPartition = byPartition.keySet().iterator().next();
            return CompletableFuture.completedFuture(new ProduceResult(-1, count, errors, warnings, firstPartition, List.of(), false));
        }
        return CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<AppendOutcome> outcomes = appends.stream().map(CompletableFuture::join).toList();
            AppendOutcome first = outcomes.get(0);
            long baseOffset = count == 0 ? -1 : first.baseOffset();
            return new ProduceResult(baseOffset, count, errors, warnings, first.partition(), outcomes.size() > 1 ? outcomes : List.of(), first.duplicate());
        });
    }

    /** Each record's partition: the explicit one, by key, or the request's sticky partition. */
    private int[] route(Datasource datasource, List<LogRecord> records, ProduceOptions options)
    {
        int partitions = datasource.partitions();
        int[] partitionOf = new int[records.size()];
        if (options.partition() >= 0 || partitions == 1) {
            int partition = Math.max(options.partition(), 0);
            if (partition >= partitions) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Datasource '" + datasource.name() + "' has " + partitions
                        + " partitions (0 to " + (partitions - 1) + "); there is no partition " + partition);
            }
            java.util.Arrays.fill(partitionOf, partition);
            return partitionOf;
        }
        int sticky = -1;
        for (int i = 0; i < records.size(); i++) {
            byte[] key = records.get(i).key();
            if (key.length > 0) {
                partitionOf[i] = Partitioner.forKey(key, partitions);
            }
            else {
                if (sticky < 0) {
                    sticky = appender.stickyPartition(datasource);
                }
                partitionOf[i] = sticky;
            }
        }
        return partitionOf;
    }

    private BatchProducer idempotentProducer(Datasource datasource, List<LogRecord> records, ProduceOptions options, int[] partitionOf)
    {
        if (options.acks() == AckMode.NONE) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "An idempotent producer needs acks durable or buffered: with acks none it cannot learn what landed");
        }
        if (records.isEmpty()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "An idempotent Produce needs at least one record");
        }
        if (options.producerEpoch() < 0 || options.baseSequence() < 0) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "An idempotent Produce needs producerEpoch and baseSequence of 0 or more");
        }
        if (distinct(partitionOf).size() > 1) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "An idempotent Produce goes to one partition, but these records' keys map to partitions "
                    + distinct(partitionOf) + " of datasource '" + datasource.name() + "'; set partition, or batch records per partition");
        }
        producers.check(options.producerId(), options.producerEpoch());
        return new BatchProducer(options.producerId(), options.producerEpoch(), options.baseSequence(), records.size());
    }

    private static Set<Integer> distinct(int[] partitions)
    {
        Set<Integer> distinct = new TreeSet<>();
        for (int partition : partitions) {
            distinct.add(partition);
        }
        return distinct;
    }

    /** InitProducer: a producer id and epoch (a name's next epoch fences its previous holder). */
    public ProducerEpoch initProducer(String name)
    {
        if (draining) {
            throw new GroveException(GroveErrorCode.NODE_DRAINING, "Node is shutting down; retry after restart");
        }
        return producers.init(name);
    }

    /** From now on Produce fails with UNAVAILABLE; batches already accepted still complete. */
    public void startDraining()
    {
        draining = true;
    }
}
