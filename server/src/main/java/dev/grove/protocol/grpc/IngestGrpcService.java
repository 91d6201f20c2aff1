package dev.grove.protocol.grpc;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.gateway.Action;
import dev.grove.gateway.ResourceType;
import dev.grove.ingest.AckMode;
import dev.grove.ingest.IngestService;
import dev.grove.ingest.ProduceOptions;
import dev.grove.metadata.ProducerStore.ProducerEpoch;
import dev.grove.proto.ingest.v1.InitProducerRequest;
import dev.grove.proto.ingest.v1.InitProducerResponse;
import dev.grove.proto.ingest.v1.PartitionAppend;
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
import java.util.concurrent.CompletableFuture;

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
            return ingest.produce(request.getTarget(), records, options(request)).thenApply(IngestGrpcService::toResponse);
        });
    }

    @Override
    public void initProducer(InitProducerRequest request, StreamObserver<InitProducerResponse> responseObserver)
    {
        GrpcCalls.unaryAsync(responseObserver, () -> {
            ProducerEpoch issued = ingest.initProducer(request.getProducerName().isEmpty() ? null : request.getProducerName());
            return CompletableFuture.completedFuture(InitProducerResponse.newBuilder()
                    .setProducerId(issued.producerId())
                    .setProducerEpoch(issued.epoch())
                    .build());
        });
    }

    private static ProduceOptions options(ProduceRequest request)
    {
        AckMode acks = switch (request.getAcks()) {
            case ACKS_DURABLE -> AckMode.DURABLE;
            case ACKS_BUFFERED -> AckMode.BUFFERED;
            case ACKS_NONE -> AckMode.NONE;
            default -> throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Unknown acks value " + request.getAcksValue() + "; use ACKS_DURABLE, ACKS_BUFFERED or ACKS_NONE");
        };
        int partition = -1;
        if (request.hasPartition()) {
            if (request.getPartition() < 0) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "partition must be 0 or more, was " + request.getPartition());
            }
            partition = request.getPartition();
        }
        long producerId = -1;
        if (request.hasProducerId()) {
            if (request.getProducerId() <= 0) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "producerId must be one InitProducer issued (positive), was " + request.getProducerId());
            }
            if (request.getProducerEpoch() < 0 || request.getProducerEpoch() > Short.MAX_VALUE) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "producerEpoch must be between 0 and " + Short.MAX_VALUE + ", was " + request.getProducerEpoch());
            }
            if (request.getBaseSequence() < 0) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "baseSequence must be 0 or more, was " + request.getBaseSequence());
            }
            producerId = request.getProducerId();
        }
        return new ProduceOptions(partition, acks, producerId, (short) request.getProducerEpoch(), request.getBaseSequence());
    }

    private static ProduceResponse toResponse(ProduceResult result)
    {
        ProduceResponse.Builder response = ProduceResponse.newBuilder()
                .setBaseOffset(result.baseOffset())
                .setCount(result.count())
                .setPartition(result.partition())
                .setDuplicate(result.duplicate());
        result.appends().forEach(append -> response.addAppends(PartitionAppend.newBuilder()
                .setPartition(append.partition())
                .setBaseOffset(append.baseOffset())
                .setCount(append.count())));
        result.errors().forEach(error -> response.addErrors(RecordError.newBuilder().setIndex(error.index()).setMessage(error.message())));
        result.warnings().forEach(warning -> response.addWarnings(RecordWarning.newBuilder().setIndex(warning.index()).setMessage(warning.message())));
        return response.build();
    }
}
