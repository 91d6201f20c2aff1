package dev.grove.protocol.grpc;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.apache.druid.grpc.proto.HealthGrpc;
import org.apache.druid.grpc.proto.HealthOuterClass.HealthCheckRequest;
import org.apache.druid.grpc.proto.HealthOuterClass.HealthCheckResponse;
import org.apache.druid.grpc.proto.HealthOuterClass.HealthCheckResponse.ServingStatus;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code druidGrpc.Health}: Druid's own health service. {@code ""} and {@code "QueryService"} are
 * known, as in Druid; both turn NOT_SERVING when the node starts shutting down, and watchers are told.
 *
 * <p>Thread-safe.
 */
final class DruidHealthGrpcService
        extends HealthGrpc.HealthImplBase
{
    private static final Set<String> SERVICES = Set.of("", "QueryService");

    private final CopyOnWriteArrayList<StreamObserver<HealthCheckResponse>> watchers = new CopyOnWriteArrayList<>();
    private volatile ServingStatus status = ServingStatus.SERVING;

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responseObserver)
    {
        responseObserver.onNext(response(request));
        responseObserver.onCompleted();
    }

    @Override
    public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responseObserver)
    {
        responseObserver.onNext(response(request));
        if (!SERVICES.contains(request.getService())) {
            responseObserver.onCompleted();
            return;
        }
        watchers.add(responseObserver);
        if (responseObserver instanceof ServerCallStreamObserver<HealthCheckResponse> serverObserver) {
            serverObserver.setOnCancelHandler(() -> watchers.remove(responseObserver));
        }
        Context.current().addListener(context -> watchers.remove(responseObserver), Runnable::run);
    }

    /** From now on every check answers NOT_SERVING; watchers get the change and their streams end. */
    void notServing()
    {
        status = ServingStatus.NOT_SERVING;
        HealthCheckResponse response = HealthCheckResponse.newBuilder().setStatus(status).build();
        for (StreamObserver<HealthCheckResponse> watcher : watchers) {
            try {
                watcher.onNext(response);
                watcher.onCompleted();
            }
            catch (RuntimeException ignored) {
                // the watcher went away meanwhile
            }
        }
        watchers.clear();
    }

    private HealthCheckResponse response(HealthCheckRequest request)
    {
        ServingStatus answer = SERVICES.contains(request.getService()) ? status : ServingStatus.SERVICE_UNKNOWN;
        return HealthCheckResponse.newBuilder().setStatus(answer).build();
    }
}
