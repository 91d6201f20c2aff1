package dev.grove.client;

import dev.grove.proto.admin.v1.AdminServiceGrpc;
import dev.grove.proto.admin.v1.CreateDatasourceRequest;
import dev.grove.proto.admin.v1.Datasource;
import dev.grove.proto.admin.v1.DropDatasourceRequest;
import dev.grove.proto.admin.v1.GetDatasourceRequest;
import dev.grove.proto.admin.v1.GetDatasourceResponse;
import dev.grove.proto.admin.v1.ListDatasourcesRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Datasource administration over {@code grove.admin.v1.AdminService}. Failures are
 * {@link GroveClientException}s (NOT_FOUND, ALREADY_EXISTS, INVALID_ARGUMENT, ...). Thread-safe.
 */
public final class GroveAdminClient
        implements AutoCloseable
{
    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final AdminServiceGrpc.AdminServiceBlockingStub stub;
    private final Duration timeout;

    /** Connects to {@code host:port} over plaintext gRPC. */
    public GroveAdminClient(String target)
    {
        this(ManagedChannelBuilder.forTarget(target).usePlaintext().build(), true, Duration.ofSeconds(60));
    }

    /** Uses an existing channel, left open on {@link #close()}. */
    public GroveAdminClient(ManagedChannel channel, Duration timeout)
    {
        this(channel, false, timeout);
    }

    private GroveAdminClient(ManagedChannel channel, boolean ownsChannel, Duration timeout)
    {
        this.channel = requireNonNull(channel, "channel is null");
        this.ownsChannel = ownsChannel;
        this.stub = AdminServiceGrpc.newBlockingStub(channel);
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    public Datasource createDatasource(Datasource datasource, boolean ifNotExists)
    {
        return GroveClientException.call(() -> stub().createDatasource(CreateDatasourceRequest.newBuilder()
                .setDatasource(datasource).setIfNotExists(ifNotExists).build()).getDatasource());
    }

    public List<Datasource> listDatasources()
    {
        return GroveClientException.call(() -> stub().listDatasources(ListDatasourcesRequest.getDefaultInstance()).getDatasourcesList());
    }

    public GetDatasourceResponse getDatasource(String name)
    {
        return GroveClientException.call(() -> stub().getDatasource(GetDatasourceRequest.newBuilder().setName(name).build()));
    }

    public void dropDatasource(String name)
    {
        GroveClientException.call(() -> stub().dropDatasource(DropDatasourceRequest.newBuilder().setName(name).build()));
    }

    private AdminServiceGrpc.AdminServiceBlockingStub stub()
    {
        return stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close()
    {
        if (ownsChannel) {
            channel.shutdownNow();
        }
    }
}
