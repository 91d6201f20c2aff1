package dev.grove.protocol.grpc;

import dev.grove.admin.DatasourceManager;
import dev.grove.gateway.Gateway;
import dev.grove.gateway.PolicyAdmin;
import dev.grove.ingest.IngestService;
import dev.grove.query.SqlQueryService;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Every gRPC service on one port: Druid query and Druid health, Holocron proxy, Grove ingest and
 * admin, plus {@code grpc.health.v1} and server reflection. Lifecycle only; the services hold the logic.
 */
public final class GroveGrpcServer
{
    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final DruidHealthGrpcService druidHealth = new DruidHealthGrpcService();
    private final AtomicBoolean draining = new AtomicBoolean();

    public GroveGrpcServer(ServerBuilder<?> builder, SqlQueryService queries, IngestService ingest, DatasourceManager datasources, Gateway gateway,
            PolicyAdmin policies, int maxMessageBytes)
    {
        requireNonNull(builder, "builder is null");
        TransportFailureLog.install();
        DruidQueryHandler druid = new DruidQueryHandler(queries);
        this.server = builder
                .maxInboundMessageSize(maxMessageBytes)
                // every call passes authentication first (health checks excepted)
                .intercept(new GrpcAuthentication(gateway))
                .addService(new DruidQueryGrpcService(druid))
                .addService(new HolocronProxyGrpcService(druid))
                .addService(new IngestGrpcService(ingest))
                .addService(new AdminGrpcService(datasources))
                .addService(new PolicyGrpcService(policies, gateway, queries))
                .addService(health.getHealthService())
                .addService(druidHealth)
                .addService(ProtoReflectionServiceV1.newInstance())
                .build();
    }

    public GroveGrpcServer start()
    {
        try {
            server.start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start the gRPC server: " + e.getMessage(), e);
        }
        health.setStatus("", ServingStatus.SERVING);
        return this;
    }

    public int port()
    {
        return server.getPort();
    }

    /** Reports NOT_SERVING and refuses new calls (UNAVAILABLE); calls in flight carry on. Once only: stop() drains too. */
    public void startDraining()
    {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        health.enterTerminalState();
        druidHealth.notServing();
        server.shutdown();
    }

    /** Health turns NOT_SERVING, new calls are refused, in-flight calls get {@code graceMillis} to finish. */
    public void stop(long graceMillis)
            throws InterruptedException
    {
        startDraining();
        if (!server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
