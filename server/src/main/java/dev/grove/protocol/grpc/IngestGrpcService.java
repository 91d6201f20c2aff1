package dev.grove.protocol.grpc;

import dev.grove.gateway.Action;
import dev.grove.gateway.ResourceType;
import dev.grove.ingest.IngestService;
import dev.grove.ingest.ProduceResult;
import dev.grove.log.LogRecord;
import dev.grove.proto.ingest.v1.IngestServiceGrpc;
import dev.grove.proto.ingest.v1.ProduceRequest;
import dev.grove.proto.ingest.v1.ProduceResponse;
import dev.grove.proto.ingest.v1.Record;
import dev.grove.proto.ingest.v1.RecordError;
import dev.grove.proto.ingest.v1.RecordWarning;
import io.grpc.stub.StreamObserver;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code grove.ingest.v1.IngestService/Produce}: answers when the batch is durable and queryable,
 * without holding a gRPC thread while the log commits.
 */
final class IngestGrpcService
        extends IngestServiceGrpc.IngestServiceImplBase
{
    private final IngestService ingest;

    IngestGrpcService(IngestService ingest)
    {
        this.ingest = requireNonNull(ingest, "ingest is null");
    }

    @Override
    public void produce(ProduceRequest request, StreamObserver<ProduceResponse> responseObserver)
    {
        GrpcCalls.unaryAsync(responseObserver, () -> {
            GrpcAuthentication.access().check(ResourceType.DATASOURCE, request.getTarget(), Action.WRITE);
            List<LogRecord> records = new ArrayList<>(request.getRecordsCount());
            for (Record record : request.getRecordsList()) {
                records.add(new LogRecord(record.getKey().toByteArray(), record.getValue().toByteArray(), record.getTimestamp()));
            }
            return ingest.produce(request.getTarget(), records).thenApply(IngestGrpcService::toResponse);
        });
    }

    private static ProduceResponse toResponse(ProduceResult result)
    {
        ProduceResponse.Builder response = ProduceResponse.newBuilder()
                .setBaseOffset(result.baseOffset())
                .setCount(result.count());
        result.errors().forEach(error -> response.addErrors(RecordError.newBuilder().setIndex(error.index()).setMessage(error.message())));
        result.warnings().forEach(warning -> response.addWarnings(RecordWarning.newBuilder().setIndex(warning.index()).setMessage(warning.message())));
        return response.build();
    }
}
