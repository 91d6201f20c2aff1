package dev.grove.client;

import dev.grove.proto.ingest.v1.Acks;
import dev.grove.proto.ingest.v1.ProduceRequest;
import dev.grove.proto.ingest.v1.ProduceResponse;
import dev.grove.proto.ingest.v1.Record;
import dev.grove.proto.ingest.v1.RecordError;
import dev.grove.proto.ingest.v1.RecordWarning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Records of one datasource (and partition) sent in one Produce call, with each record's future and,
 * for an idempotent producer, the sequence numbers it was given when first sent (kept for its retries).
 *
 * <p>Not thread-safe: owned by the sender (and its retry timer) once drained.
 */
final class ProducerBatch
{
    private final Destination destination;
    private final String datasource;
    private final List<PendingRecord> records;
    private int attempts;
    private ProducerIdentity producer;
    private int baseSequence = -1;

    ProducerBatch(Destination destination, List<PendingRecord> records)
    {
        this.destination = requireNonNull(destination, "destination is null");
        this.datasource = destination.datasource();
        this.records = List.copyOf(records);
    }

    Destination destination()
    {
        return destination;
    }

    /** Makes the batch idempotent: once, before its first send. */
    void assignSequence(ProducerIdentity producer, int baseSequence)
    {
        this.producer = requireNonNull(producer, "producer is null");
        this.baseSequence = baseSequence;
    }

    boolean idempotent()
    {
        return producer != null;
    }

    ProducerIdentity producer()
    {
        return producer;
    }

    /** A record waiting to be sent, and the future its caller holds. */
    record PendingRecord(Record record, CompletableFuture<RecordMetadata> future, long createdNanos) {}

    String datasource()
    {
        return datasource;
    }

    int size()
    {
        return records.size();
    }

    int attempts()
    {
        return attempts;
    }

    ProduceRequest toRequest(Acks acks)
    {
        attempts++;
        ProduceRequest.Builder request = ProduceRequest.newBuilder().setTarget(datasource).setAcks(acks);
        if (destination.partition() != Destination.ROUTED_BY_NODE) {
            request.setPartition(destination.partition());
        }
        if (producer != null) {
            request.setProducerId(producer.producerId()).setProducerEpoch(producer.epoch()).setBaseSequence(baseSequence);
        }
        records.forEach(pending -> request.addRecords(pending.record()));
        return request.build();
    }

    /** Completes every future from the node's answer: refused records fail, the rest get consecutive offsets. */
    void complete(ProduceResponse response)
    {
        Map<Integer, String> refused = new HashMap<>();
        for (RecordError error : response.getErrorsList()) {
            refused.put(error.getIndex(), error.getMessage());
        }
        Map<Integer, List<String>> warnings = new HashMap<>();
        for (RecordWarning warning : response.getWarningsList()) {
            warnings.computeIfAbsent(warning.getIndex(), index -> new ArrayList<>()).add(warning.getMessage());
        }
        long offset = response.getBaseOffset();
        // the node spread a batch it routed over several partitions: which record landed where is its to say
        boolean spread = response.getAppendsCount() > 0;
        // with acks none the node answers before anything has an offset
        boolean unknown = spread || response.getBaseOffset() < 0;
        for (int i = 0; i < records.size(); i++) {
            String reason = refused.get(i);
            if (reason != null) {
                records.get(i).future().completeExceptionally(new RecordRejectedException(i, reason));
            }
            else {
                records.get(i).future().complete(unknown
                        ? new RecordMetadata(datasource, spread ? -1 : response.getPartition(), -1, warnings.getOrDefault(i, List.of()))
                        : new RecordMetadata(datasource, response.getPartition(), offset++, warnings.getOrDefault(i, List.of())));
            }
        }
    }

    void fail(GroveClientException failure)
    {
        records.forEach(pending -> pending.future().completeExceptionally(failure));
    }
}
