package dev.grove.client;

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
 * Records of one datasource sent in one Produce call, with each record's future.
 *
 * <p>Not thread-safe: owned by the sender (and its retry timer) once drained.
 */
final class ProducerBatch
{
    private final String datasource;
    private final List<PendingRecord> records;
    private int attempts;

    ProducerBatch(String datasource, List<PendingRecord> records)
    {
        this.datasource = requireNonNull(datasource, "datasource is null");
        this.records = List.copyOf(records);
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

    ProduceRequest toRequest()
    {
        attempts++;
        ProduceRequest.Builder request = ProduceRequest.newBuilder().setTarget(datasource);
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
        for (int i = 0; i < records.size(); i++) {
            String reason = refused.get(i);
            if (reason != null) {
                records.get(i).future().completeExceptionally(new RecordRejectedException(i, reason));
            }
            else {
                records.get(i).future().complete(new RecordMetadata(datasource, offset++, warnings.getOrDefault(i, List.of())));
            }
        }
    }

    void fail(GroveClientException failure)
    {
        records.forEach(pending -> pending.future().completeExceptionally(failure));
    }
}
