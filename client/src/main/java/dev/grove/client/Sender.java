package dev.grove.client;

import dev.grove.proto.ingest.v1.IngestServiceGrpc;
import dev.grove.proto.ingest.v1.ProduceResponse;
import dev.grove.proto.ingest.v1.InitProducerRequest;
import dev.grove.proto.ingest.v1.InitProducerResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * The producer's one I/O thread: drains ready batches from the {@link RecordAccumulator}, sends each as
 * a Produce call while at most {@code maxInFlightRequests} are outstanding, resends retriable failures
 * after an exponential backoff with jitter, and completes the records' futures from the answers.
 *
 * <p>Runs on its own thread; callbacks arrive on gRPC's threads and only touch the batch they belong to.
 * Without idempotence, with more than one request in flight a retried batch can land after a later one
 * (as in Kafka). With idempotence, the sender gets a producer id from InitProducer and gives each batch
 * its partition's next sequence numbers when it is first sent; retries keep them, so the node writes
 * each batch once and in sequence order per partition. A batch that fails for good leaves a gap in its
 * partition's sequence, so the sender then waits for the calls in flight and starts over with a new
 * producer id (or, with a name, the next epoch).
 */
final class Sender
        implements Runnable
{
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RecordAccumulator accumulator;
    private final IngestServiceGrpc.IngestServiceStub stub;
    private final ProducerConfig config;
    private final ScheduledExecutorService retryTimer;
    private final RandomGenerator random;
    private final IngestServiceGrpc.IngestServiceBlockingStub blockingStub;
    private final Semaphore inFlight;
    private volatile boolean running = true;
    /** Set from gRPC threads when an idempotent batch failed for good. */
    private volatile boolean reinitialize;
    /** Sender thread only. */
    private ProducerIdentity identity;
    /** Sender thread only: the next sequence number per partition. */
    private final Map<Destination, Integer> nextSequence = new HashMap<>();

    Sender(RecordAccumulator accumulator, IngestServiceGrpc.IngestServiceStub stub, IngestServiceGrpc.IngestServiceBlockingStub blockingStub, ProducerConfig config,
            ScheduledExecutorService retryTimer, RandomGenerator random)
    {
        this.accumulator = requireNonNull(accumulator, "accumulator is null");
        this.stub = requireNonNull(stub, "stub is null");
        this.blockingStub = requireNonNull(blockingStub, "blockingStub is null");
        this.config = requireNonNull(config, "config is null");
        this.retryTimer = requireNonNull(retryTimer, "retryTimer is null");
        this.random = requireNonNull(random, "random is null");
        this.inFlight = new Semaphore(config.maxInFlightRequests());
    }

    @Override
    public void run()
    {
        try {
            while (true) {
                List<ProducerBatch> batches = accumulator.drain();
                for (ProducerBatch batch : batches) {
                    inFlight.acquire();
                    if (config.idempotence() && !makeIdempotent(batch)) {
                        continue;
                    }
                    send(batch);
                }
                if (batches.isEmpty()) {
                    if (!running && accumulator.isEmpty()) {
                        break;
                    }
                    accumulator.awaitWork(IDLE_WAIT_NANOS);
                }
            }
            // let the last answers arrive (bounded by the request timeout and the retries)
            long maxWait = config.requestTimeout().toNanos() * (config.retries() + 1) + config.retryBackoffMax().toNanos() * config.retries();
            inFlight.tryAcquire(config.maxInFlightRequests(), maxWait, TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives the batch its sequence numbers; false (the batch failed) when no producer id could be had. */
    private boolean makeIdempotent(ProducerBatch batch)
            throws InterruptedException
    {
        if (reinitialize) {
            // every call in flight answers first: their sequence numbers belong to the old producer
            inFlight.acquire(config.maxInFlightRequests() - 1);
            inFlight.release(config.maxInFlightRequests() - 1);
            identity = null;
            nextSequence.clear();
            reinitialize = false;
        }
        if (identity == null) {
            try {
                identity = initProducer();
            }
            catch (GroveClientException e) {
                batch.fail(e);
                finish(batch);
                return false;
            }
        }
        int sequence = nextSequence.getOrDefault(batch.destination(), 0);
        batch.assignSequence(identity, sequence);
        nextSequence.put(batch.destination(), sequence + batch.size());
        return true;
    }

    private ProducerIdentity initProducer()
            throws InterruptedException
    {
        InitProducerRequest request = InitProducerRequest.newBuilder().setProducerName(config.producerName() == null ? "" : config.producerName()).build();
        for (int attempt = 1; ; attempt++) {
            try {
                InitProducerResponse response = blockingStub.withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).initProducer(request);
                return new ProducerIdentity(response.getProducerId(), response.getProducerEpoch());
            }
            catch (StatusRuntimeException e) {
                if (!isRetriable(e.getStatus().getCode()) || attempt > config.retries()) {
                    throw GroveClientException.from(e);
                }
                TimeUnit.NANOSECONDS.sleep(backoffNanos(attempt));
            }
        }
    }

    /** Stops after every buffered record has been sent and answered. */
    void initiateClose()
    {
        running = false;
        accumulator.close();
    }

    private void send(ProducerBatch batch)
    {
        stub.withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).produce(batch.toRequest(config.acks()), new StreamObserver<>()
        {
            private ProduceResponse response;

            @Override
            public void onNext(ProduceResponse value)
            {
                response = value;
            }

            @Override
            public void onError(Throwable error)
            {
                Status.Code code = Status.fromThrowable(error).getCode();
                if (isRetriable(code) && batch.attempts() <= config.retries()) {
                    retryTimer.schedule(() -> send(batch), backoffNanos(batch.attempts()), TimeUnit.NANOSECONDS);
                    return;
                }
                if (batch.idempotent()) {
                    // its sequence numbers are now a gap the node will not skip
                    reinitialize = true;
                }
                batch.fail(GroveClientException.from(error));
                finish(batch);
            }

            @Override
            public void onCompleted()
            {
                batch.complete(response);
                finish(batch);
            }
        });
    }

    private void finish(ProducerBatch batch)
    {
        accumulator.release(batch.size());
        inFlight.release();
    }

    private static boolean isRetriable(Status.Code code)
    {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.DEADLINE_EXCEEDED;
    }

    /** Exponential from retryBackoff, capped at retryBackoffMax, with ±20% jitter so producers do not retry in step. */
    private long backoffNanos(int attempts)
    {
        long base = config.retryBackoff().toNanos();
        long exponential = base << Math.min(20, attempts - 1);
        long capped = Math.min(exponential, config.retryBackoffMax().toNanos());
        return (long) (capped * (0.8 + 0.4 * random.nextDouble()));
    }
}
