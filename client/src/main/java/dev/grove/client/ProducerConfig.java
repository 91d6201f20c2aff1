package dev.grove.client;

import dev.grove.proto.ingest.v1.Acks;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How a {@link GroveProducer} batches, bounds and retries. Build with {@link #builder(String)}.
 *
 * @param target node address, {@code host:port} of its gRPC port
 * @param batchSize most records in one Produce call
 * @param linger how long a partial batch waits for more records before it is sent
 * @param maxInFlightRequests Produce calls outstanding at once
 * @param bufferRecords records buffered (waiting or in flight) before {@code send} blocks
 * @param maxBlock how long {@code send} blocks on a full buffer before failing the record
 * @param requestTimeout deadline of one Produce call
 * @param retries how often a batch is resent after a retriable failure (UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED)
 * @param retryBackoff first backoff; it doubles per attempt, with jitter
 * @param retryBackoffMax largest backoff
 * @param idempotence whether batches carry producer sequence numbers, so a retried batch that already
 *        landed is not written twice and batches keep their order per partition (at most 5 in flight)
 * @param acks when the node answers: {@code ACKS_DURABLE} (default: fsynced and queryable), {@code ACKS_BUFFERED}
 *        (written, fsynced within the node's flush interval) or {@code ACKS_NONE} (queued; no offsets, failures unseen);
 *        the loss window of each is in the node's {@code docs/api.md}
 * @param producerName with idempotence: a stable name; a new producer under the same name fences this one.
 *        Null for an anonymous producer
 */
public record ProducerConfig(
        String target,
        int batchSize,
        Duration linger,
        int maxInFlightRequests,
        int bufferRecords,
        Duration maxBlock,
        Duration requestTimeout,
        int retries,
        Duration retryBackoff,
        Duration retryBackoffMax,
        boolean idempotence,
        String producerName,
        Acks acks)
{
    /** Most batches an idempotent producer has in flight: what the node remembers per producer and partition. */
    public static final int MAX_IDEMPOTENT_IN_FLIGHT = 5;

    public ProducerConfig
    {
        requireNonNull(target, "target is null");
        requireNonNull(linger, "linger is null");
        requireNonNull(maxBlock, "maxBlock is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(retryBackoff, "retryBackoff is null");
        requireNonNull(retryBackoffMax, "retryBackoffMax is null");
        positive("batchSize", batchSize);
        positive("maxInFlightRequests", maxInFlightRequests);
        positive("bufferRecords", bufferRecords);
        if (bufferRecords < batchSize) {
            throw new IllegalArgumentException("bufferRecords (" + bufferRecords + ") must be at least batchSize (" + batchSize + ")");
        }
        if (idempotence && maxInFlightRequests > MAX_IDEMPOTENT_IN_FLIGHT) {
            throw new IllegalArgumentException("maxInFlightRequests must be at most " + MAX_IDEMPOTENT_IN_FLIGHT + " with idempotence: " + maxInFlightRequests);
        }
        requireNonNull(acks, "acks is null");
        if (acks == Acks.UNRECOGNIZED) {
            throw new IllegalArgumentException("acks must be ACKS_DURABLE, ACKS_BUFFERED or ACKS_NONE");
        }
        if (idempotence && acks == Acks.ACKS_NONE) {
            throw new IllegalArgumentException("idempotence needs acks ACKS_DURABLE or ACKS_BUFFERED: with ACKS_NONE a producer cannot learn what landed");
        }
        if (producerName != null && !idempotence) {
            throw new IllegalArgumentException("producerName needs idempotence");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
    }

    public static Builder builder(String target)
    {
        return new Builder(target);
    }

    private static void positive(String name, int value)
    {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Defaults: batches of 500, 5 ms linger, 5 in flight, 100,000 buffered, 60 s block, 30 s timeout, 5 retries from 100 ms to 1 s. */
    public static final class Builder
    {
        private final String target;
        private int batchSize = 500;
        private Duration linger = Duration.ofMillis(5);
        private int maxInFlightRequests = 5;
        private int bufferRecords = 100_000;
        private Duration maxBlock = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int retries = 5;
        private Duration retryBackoff = Duration.ofMillis(100);
        private Duration retryBackoffMax = Duration.ofSeconds(1);
        private boolean idempotence;
        private String producerName;
        private Acks acks = Acks.ACKS_DURABLE;

        private Builder(String target)
        {
            this.target = target;
        }

        public Builder batchSize(int batchSize)
        {
            this.batchSize = batchSize;
            return this;
        }

        public Builder linger(Duration linger)
        {
            this.linger = linger;
            return this;
        }

        public Builder maxInFlightRequests(int maxInFlightRequests)
        {
            this.maxInFlightRequests = maxInFlightRequests;
            return this;
        }

        public Builder bufferRecords(int bufferRecords)
        {
            this.bufferRecords = bufferRecords;
            return this;
        }

        public Builder maxBlock(Duration maxBlock)
        {
            this.maxBlock = maxBlock;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout)
        {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder retries(int retries)
        {
            this.retries = retries;
            return this;
        }

        public Builder retryBackoff(Duration retryBackoff, Duration retryBackoffMax)
        {
            this.retryBackoff = retryBackoff;
            this.retryBackoffMax = retryBackoffMax;
            return this;
        }

        /** Idempotent batches, ordered per partition; off by default. */
        public Builder idempotence(boolean idempotence)
        {
            this.idempotence = idempotence;
            return this;
        }

        /** Implies idempotence: a stable name whose next instance fences this one. */
        public Builder producerName(String producerName)
        {
            this.producerName = producerName;
            this.idempotence = true;
            return this;
        }

        /** When the node answers; {@code ACKS_DURABLE} by default. */
        public Builder acks(Acks acks)
        {
            this.acks = acks;
            return this;
        }

        public ProducerConfig build()
        {
            return new ProducerConfig(target, batchSize, linger, maxInFlightRequests, bufferRecords, maxBlock, requestTimeout, retries, retryBackoff, retryBackoffMax,
                    idempotence, producerName, acks);
        }
    }
}
