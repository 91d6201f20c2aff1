package dev.grove.client;

import dev.grove.proto.ingest.v1.IngestServiceGrpc;
import dev.grove.proto.ingest.v1.ProduceRequest;
import dev.grove.proto.ingest.v1.ProduceResponse;
import dev.grove.proto.ingest.v1.RecordError;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hand-written ingest service: records every request, refuses the records whose value is in
 * {@link #refusedValues}, and fails the next {@link #failuresLeft} calls with {@link #failure}.
 */
final class FakeIngestService
        extends IngestServiceGrpc.IngestServiceImplBase
{
    final List<ProduceRequest> requests = new CopyOnWriteArrayList<>();
    final Set<String> refusedValues = ConcurrentHashMap.newKeySet();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile Status failure = Status.UNAVAILABLE;
    volatile long delayMillis;
    private final AtomicLong nextOffset = new AtomicLong();

    @Override
    public void produce(ProduceRequest request, StreamObserver<ProduceResponse> responseObserver)
    {
        requests.add(request);
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            responseObserver.onError(failure.asRuntimeException());
            return;
        }
        ProduceResponse.Builder response = ProduceResponse.newBuilder();
        int accepted = 0;
        for (int i = 0; i < request.getRecordsCount(); i++) {
            if (refusedValues.contains(request.getRecords(i).getValue().toStringUtf8())) {
                response.addErrors(RecordError.newBuilder().setIndex(i).setMessage("refused by the fake"));
            }
            else {
                accepted++;
            }
        }
        response.setCount(accepted).setBaseOffset(accepted == 0 ? -1 : nextOffset.getAndAdd(accepted));
        responseObserver.onNext(response.build());
        responseObserver.onCompleted();
    }

    int recordsReceived()
    {
        return requests.stream().mapToInt(ProduceRequest::getRecordsCount).sum();
    }
}
