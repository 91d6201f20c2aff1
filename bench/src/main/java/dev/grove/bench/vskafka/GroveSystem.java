package dev.grove.bench.vskafka;

import dev.grove.bench.TemporaryDirectory;
import dev.grove.client.GroveAdminClient;
import dev.grove.client.GroveProducer;
import dev.grove.client.ProducerConfig;
import dev.grove.config.GroveConfig;
import dev.grove.node.GroveNode;
import dev.grove.proto.admin.v1.Column;
import dev.grove.proto.admin.v1.ColumnType;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DatasourceSchema;
import dev.grove.proto.admin.v1.TimestampFormat;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Grove as the system under test: a node in this JVM (as {@code ProduceBenchmark} runs it) with its data in a
 * temporary directory, a datasource per row whose schema matches {@link EventValues}, and per producer one
 * {@link GroveProducer} batching as {@link ClientSettings} says.
 */
final class GroveSystem
        implements SystemUnderTest
{
    private static final byte[] NO_KEY = new byte[0];

    private final TemporaryDirectory dataDirectory;
    private final GroveNode node;
    private final String target;
    private final GroveAdminClient admin;
    private final ClientSettings settings;
    private final int partitions;

    private GroveSystem(TemporaryDirectory dataDirectory, GroveNode node, ClientSettings settings, int partitions)
    {
        this.partitions = partitions;
        this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
        this.node = requireNonNull(node, "node is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.target = "127.0.0.1:" + node.grpcPort();
        this.admin = new GroveAdminClient(target);
    }

    /** Starts a node on loopback with ephemeral ports and the default config (fsync on). */
    static GroveSystem start(ClientSettings settings, int partitions)
            throws Exception
    {
        TemporaryDirectory dataDirectory = TemporaryDirectory.create("grove-bench-node");
        try {
            GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDirectory.path()).withPorts(0, 0));
            if (!node.config().logFsync()) {
                node.close();
                throw new IllegalStateException("grove.log.fsync is off in the environment; the durable rows need it on");
            }
            return new GroveSystem(dataDirectory, node, settings, partitions);
        }
        catch (Exception | Error e) {
            dataDirectory.close();
            throw e;
        }
    }

    @Override
    public String name()
    {
        return "grove";
    }

    @Override
    public String appliedAcks(AckMode mode)
    {
        return GroveAcks.applied(mode);
    }

    @Override
    public String note()
    {
        return GroveAcks.NOTE + "; " + partitions + " partition(s) per datasource, in-JVM node on 127.0.0.1, batches of "
                + settings.batchRecords() + " records, linger " + settings.linger().toMillis() + " ms";
    }

    @Override
    public ProduceTarget open(RowSpec spec, int row)
    {
        String datasource = "bench_vs_" + row + "_" + spec.acks().label();
        DatasourceSchema.Builder schema = DatasourceSchema.newBuilder()
                .setTimestampColumn("timestamp")
                .setTimestampFormat(TimestampFormat.ISO);
        for (String dimension : EventValues.dimensions()) {
            schema.addDimensions(Column.newBuilder().setName(dimension).setType(ColumnType.STRING));
        }
        schema.addMetrics(Column.newBuilder().setName("seq").setType(ColumnType.LONG));
        // as many partitions as the Kafka topic has, so both spread the same load the same way
        admin.createDatasource(Datasource.newBuilder().setName(datasource).setSchema(schema).setPartitions(partitions).build(), false);
        return new ProduceTarget()
        {
            @Override
            public RecordSender newSender(int producer)
            {
                return sender(datasource, spec.acks());
            }

            @Override
            public void close()
            {
                admin.dropDatasource(datasource);
            }
        };
    }

    @Override
    public long logFlushes()
    {
        return -1;
    }

    @Override
    public void close()
    {
        try {
            admin.close();
            node.close();
        }
        finally {
            dataDirectory.close();
        }
    }

    private RecordSender sender(String datasource, AckMode acks)
    {
        ProducerConfig.Builder config = ProducerConfig.builder(target)
                .batchSize(settings.batchRecords())
                .linger(settings.linger())
                .maxInFlightRequests(settings.maxInFlight())
                .bufferRecords(settings.bufferRecords())
                .maxBlock(ClientSettings.TIMEOUT)
                .requestTimeout(ClientSettings.TIMEOUT);
        GroveProducer client = new GroveProducer(GroveAcks.configure(config, acks).build());
        return new RecordSender()
        {
            @Override
            public void send(byte[] value, Acknowledgement acknowledgement)
            {
                client.send(datasource, NO_KEY, value, 0).whenComplete((metadata, failure) -> acknowledgement.done(failure));
            }

            @Override
            public void close(long timeoutMillis)
            {
                client.close(Duration.ofMillis(timeoutMillis));
            }
        };
    }
}
