package dev.grove.bench.vskafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Apache Kafka as the peer: one {@link EmbeddedKafka} node, and per producer one {@link KafkaProducer} with
 * {@code acks=all} and {@code enable.idempotence=true}, batching exactly as Grove's producer does. Values
 * go without a key (Kafka's sticky partitioner) and without compression (Grove has none today).
 */
final class KafkaSystem
        implements SystemUnderTest
{
    /** A record batch's fixed header in Kafka's v2 format (DefaultRecordBatch.RECORD_BATCH_OVERHEAD). */
    private static final int BATCH_HEADER_BYTES = 61;

    private final EmbeddedKafka broker;
    private final ClientSettings settings;
    private final int partitions;

    KafkaSystem(EmbeddedKafka broker, ClientSettings settings, int partitions)
    {
        this.broker = requireNonNull(broker, "broker is null");
        this.settings = requireNonNull(settings, "settings is null");
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be positive: " + partitions);
        }
        this.partitions = partitions;
    }

    @Override
    public String name()
    {
        return "kafka";
    }

    @Override
    public String appliedAcks(AckMode mode)
    {
        return switch (mode) {
            // the broker fsyncs every append before it acknowledges
            case DURABLE -> "acks=all, flush.messages=1";
            // Kafka's default: the page cache, no fsync before the ack
            case BUFFERED -> "acks=all, default flush";
        };
    }

    @Override
    public String note()
    {
        return "kafka: acks=all, enable.idempotence=true; durable = topic flush.messages=1 (fsync on every append), buffered = Kafka's default flush; "
                + partitions + " partition(s) per topic, one in-JVM KRaft node (broker+controller) on 127.0.0.1, batch.size sized to hold "
                + settings.batchRecords() + " values, linger.ms " + settings.linger().toMillis();
    }

    @Override
    public ProduceTarget open(RowSpec spec, int row)
            throws Exception
    {
        String topic = "bench-" + row + "-" + spec.acks().label();
        broker.createTopic(topic, partitions, spec.acks() == AckMode.DURABLE);
        return new ProduceTarget()
        {
            @Override
            public RecordSender newSender(int producer)
            {
                return sender(topic, spec.valueBytes(), producer);
            }

            @Override
            public void close()
                    throws Exception
            {
                broker.deleteTopic(topic);
            }
        };
    }

    @Override
    public long logFlushes()
    {
        return EmbeddedKafka.logFlushes();
    }

    @Override
    public void close()
    {
        broker.close();
    }

    private RecordSender sender(String topic, int valueBytes, int producer)
    {
        int batchBytes = batchBytes(settings.batchRecords(), valueBytes, settings.linger().toMillis());
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer-" + producer);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, settings.maxInFlight());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, batchBytes);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) settings.linger().toMillis());
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, (long) batchBytes * settings.bufferBatches());
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1 << 20, batchBytes + 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ClientSettings.TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ClientSettings.TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ClientSettings.TIMEOUT.toMillis() + (int) settings.linger().toMillis());
        KafkaProducer<byte[], byte[]> client = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        return new RecordSender()
        {
            @Override
            public void send(byte[] value, Acknowledgement acknowledgement)
            {
                client.send(new ProducerRecord<>(topic, value), (metadata, failure) -> acknowledgement.done(failure));
            }

            @Override
            public void close(long timeoutMillis)
            {
                client.close(Duration.ofMillis(timeoutMillis));
            }
        };
    }

    /**
     * {@code batch.size} that holds exactly {@code records} keyless values of {@code valueBytes}: Kafka's v2
     * record is a length varint, then attributes, timestamp delta, offset delta, key length (-1), value length,
     * the value and a header count. Deltas are counted at their largest in a batch, so a full batch is at most
     * a few bytes short of the next record.
     */
    static int batchBytes(int records, int valueBytes, long lingerMillis)
    {
        long bytes = BATCH_HEADER_BYTES;
        for (int offsetDelta = 0; offsetDelta < records; offsetDelta++) {
            int body = 1 + varlongBytes(lingerMillis) + varintBytes(offsetDelta) + varintBytes(-1) + varintBytes(valueBytes) + valueBytes + varintBytes(0);
            bytes += varintBytes(body) + body;
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A batch of " + records + " values of " + valueBytes + " bytes is too large for Kafka");
        }
        return (int) bytes;
    }

    /** Size of a zig-zag varint, as Kafka's ByteUtils writes it. */
    private static int varintBytes(int value)
    {
        return varlongBytes(value);
    }

    private static int varlongBytes(long value)
    {
        long zigZag = (value << 1) ^ (value >> 63);
        int bytes = 1;
        while ((zigZag & 0xffffffffffffff80L) != 0) {
            bytes++;
            zigZag >>>= 7;
        }
        return bytes;
    }
}
