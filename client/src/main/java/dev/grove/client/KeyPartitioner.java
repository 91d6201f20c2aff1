package dev.grove.client;

import dev.grove.proto.admin.v1.AdminServiceGrpc;
import dev.grove.proto.admin.v1.GetDatasourceRequest;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Chooses a record's partition as the node would: {@code (murmur2(key) & 0x7fffffff) % partitions}
 * for a keyed record (Kafka's hash; see the node's {@code docs/log-format.md}), and for keyless records
 * one partition per {@code batchSize} records, round-robin, so batches fill up. A datasource's partition
 * count is asked of the node once and cached.
 *
 * <p>Thread-safe.
 */
final class KeyPartitioner
{
    private final AdminServiceGrpc.AdminServiceBlockingStub admin;
    private final Duration timeout;
    private final int batchSize;
    private final Map<String, Integer> partitions = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> keyless = new ConcurrentHashMap<>();
    /** Datasources the node could not describe, and until when (nanoTime) not to ask again: not one call per record. */
    private final Map<String, Failure> failed = new ConcurrentHashMap<>();

    private static final long RETRY_LOOKUP_NANOS = TimeUnit.SECONDS.toNanos(1);

    KeyPartitioner(AdminServiceGrpc.AdminServiceBlockingStub admin, Duration timeout, int batchSize)
    {
        this.admin = requireNonNull(admin, "admin is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.batchSize = batchSize;
    }

    /**
     * @throws StatusRuntimeException when the node cannot say how many partitions the datasource has
     */
    Destination destination(String datasource, byte[] key)
    {
        Integer known = partitions.get(datasource);
        if (known == null) {
            Failure failure = failed.get(datasource);
            if (failure != null && System.nanoTime() - failure.retryAfterNanos() < 0) {
                throw failure.error();
            }
            try {
                known = admin.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .getDatasource(GetDatasourceRequest.newBuilder().setName(datasource).build())
                        .getDatasource()
                        .getPartitions();
            }
            catch (StatusRuntimeException e) {
                failed.put(datasource, new Failure(e, System.nanoTime() + RETRY_LOOKUP_NANOS));
                throw e;
            }
            partitions.put(datasource, known);
            failed.remove(datasource);
        }
        int count = known;
        count = Math.max(1, count);
        if (key.length > 0) {
            return new Destination(datasource, KeyHash.partition(key, count));
        }
        long sent = keyless.computeIfAbsent(datasource, name -> new AtomicLong()).getAndIncrement();
        return new Destination(datasource, (int) ((sent / batchSize) % count));
    }

    private record Failure(StatusRuntimeException error, long retryAfterNanos) {}
}
