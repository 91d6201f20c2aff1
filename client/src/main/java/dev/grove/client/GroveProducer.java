package dev.grove.client;

import com.google.protobuf.ByteString;
import dev.grove.proto.admin.v1.AdminServiceGrpc;
import dev.grove.proto.ingest.v1.IngestServiceGrpc;
import dev.grove.proto.ingest.v1.Record;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * Streams events into a Grove node. {@code send} returns at once with a future that completes when the
 * event is durable on the node and visible to queries, or fails with why ({@link RecordRejectedException}
 * for a bad event, {@link GroveClientException} for the call). Events are batched per datasource and
 * partition: a keyed event goes to the partition the node would choose for its key (murmur2), keyless
 * events fill one partition's batch after another. With {@link ProducerConfig#idempotence()}, a retried
 * batch is never written twice and batches keep their order per partition. The first {@code send} to a
 * datasource asks the node for its partition count (blocking up to the request timeout); when the node
 * cannot say, a non-idempotent producer leaves the routing to the node and an idempotent one fails the record.
 *
 * <pre>{@code
 * try (GroveProducer producer = new GroveProducer(ProducerConfig.builder("127.0.0.1:50051").build())) {
 *     producer.send("orders", "{\"timestamp\":\"2026-11-23T07:00:00Z\",\"orderId\":\"O-1\"}");
 * }
 * }</pre>
 *
 * <p>Thread-safe: share one producer between threads.
 */
public final class GroveProducer
        implements AutoCloseable
{
    private static final byte[] NO_KEY = new byte[0];

    private final ProducerConfig config;
    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final RecordAccumulator accumulator;
    private final KeyPartitioner partitioner;
    private final Sender sender;
    private final Thread senderThread;
    private final ScheduledExecutorService retryTimer;
    private final Set<CompletableFuture<RecordMetadata>> incomplete = ConcurrentHashMap.newKeySet();

    /** Connects to {@code config.target()} over plaintext gRPC; the channel is closed with the producer. */
    public GroveProducer(ProducerConfig config)
    {
        this(config, ManagedChannelBuilder.forTarget(config.target()).usePlaintext().build(), true);
    }

    /** Uses an existing channel, which stays open after {@link #close()}. */
    public GroveProducer(ProducerConfig config, ManagedChannel channel)
    {
        this(config, channel, false);
    }

    private GroveProducer(ProducerConfig config, ManagedChannel channel, boolean ownsChannel)
    {
        this.config = requireNonNull(config, "config is null");
        this.channel = requireNonNull(channel, "channel is null");
        this.ownsChannel = ownsChannel;
        this.accumulator = new RecordAccumulator(config.batchSize(), config.linger().toNanos(), config.bufferRecords());
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "grove-producer-retry");
            thread.setDaemon(true);
            return thread;
        });
        this.partitioner = new KeyPartitioner(AdminServiceGrpc.newBlockingStub(channel), config.requestTimeout(), config.batchSize());
        this.sender = new Sender(accumulator, IngestServiceGrpc.newStub(channel), IngestServiceGrpc.newBlockingStub(channel), config, retryTimer, RandomGenerator.getDefault());
        this.senderThread = new Thread(sender, "grove-producer-sender");
        senderThread.setDaemon(true);
        senderThread.start();
    }

    /** Sends a JSON event with no key, its time taken from the datasource's timestamp field. */
    public CompletableFuture<RecordMetadata> send(String datasource, String json)
    {
        return send(datasource, NO_KEY, json.getBytes(StandardCharsets.UTF_8), 0);
    }

    /**
     * @param timestampMillis event time in epoch millis, or 0 to take it from the event's timestamp field
     */
    public CompletableFuture<RecordMetadata> send(String datasource, byte[] key, byte[] json, long timestampMillis)
    {
        requireNonNull(datasource, "datasource is null");
        Record record = Record.newBuilder()
                .setKey(ByteString.copyFrom(requireNonNull(key, "key is null")))
                .setValue(ByteString.copyFrom(requireNonNull(json, "json is null")))
                .setTimestamp(timestampMillis)
                .build();
        Destination destination;
        try {
            destination = partitioner.destination(datasource, key);
        }
        catch (StatusRuntimeException e) {
            if (config.idempotence()) {
                // an idempotent batch must name its partition
                return CompletableFuture.failedFuture(GroveClientException.from(e));
            }
            destination = new Destination(datasource, Destination.ROUTED_BY_NODE);
        }
        CompletableFuture<RecordMetadata> future = accumulator.append(destination, record, config.maxBlock().toNanos());
        incomplete.add(future);
        future.whenComplete((metadata, failure) -> incomplete.remove(future));
        return future;
    }

    /** Sends everything buffered now, without waiting for linger, and waits until all of it is answered. */
    public void flush()
    {
        CompletableFuture<?>[] pending = incomplete.toArray(CompletableFuture[]::new);
        accumulator.beginFlush();
        try {
            CompletableFuture.allOf(pending).exceptionally(failure -> null).join();
        }
        finally {
            accumulator.endFlush();
        }
    }

    /** Sends everything buffered and waits for the answers (up to the request timeout times the retries). */
    @Override
    public void close()
    {
        close(config.requestTimeout().multipliedBy(config.retries() + 1L));
    }

    public void close(Duration timeout)
    {
        sender.initiateClose();
        try {
            senderThread.join(Math.max(1, timeout.toMillis()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retryTimer.shutdownNow();
        incomplete.forEach(future -> future.completeExceptionally(
                new GroveClientException(io.grpc.Status.Code.CANCELLED, "Producer closed before the record was acknowledged")));
        if (ownsChannel) {
            channel.shutdown();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
