package dev.grove.client;

import dev.grove.proto.ingest.v1.IngestServiceGrpc;
import dev.grove.proto.ingest.v1.ProduceResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.List;
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
 * With more than one request in flight a retried batch can land after a later one, as in Kafka
 * without idempotence; the log issue adds producer sequence numbers.
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
    private final Semaphore inFlight;
    private volatile boolean running = true;

    Sender(RecordAccumulator accumulator, IngestServiceGrpc.IngestServiceStub stub, ProducerConfig config, ScheduledExecutorService retryTimer, RandomGenerator random)
    {
        this.accumulator = requireNonNull(accumulator, "accumulator is null");
        this.stub = requireNonNull(stub, "stub is null");
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

    /** Stops after every buffered record has been sent and answered. */
    void initiateClose()
    {
        running = false;
        accumulator.close();
    }

    private void send(ProducerBatch batch)
    {
        stub.withDeadlineAfter(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).produce(batch.toRequest(), new StreamObserver<>()
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
