package dev.grove.protocol.grpc;

import com.spotify.holocron.schema.v1.HolocronProxyServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;

import static java.util.Objects.requireNonNull;

/**
 * {@code spotify.holocron.v1.HolocronProxyService}: on a single node both lanes run the query here,
 * answering exactly like {@code druidGrpc.Query/SubmitQuery}. Topology routing arrives with many nodes.
 */
final class HolocronProxyGrpcService
        extends HolocronProxyServiceGrpc.HolocronProxyServiceImplBase
{
    private final DruidQueryHandler handler;

    HolocronProxyGrpcService(DruidQueryHandler handler)
    {
        this.handler = requireNonNull(handler, "handler is null");
    }

    @Override
    public void proxy(QueryRequest request, StreamObserver<QueryResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> handler.handle(request, GrpcAuthentication.access()));
    }

    @Override
    public void laneOneProxy(QueryRequest request, StreamObserver<QueryResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> handler.handle(request, GrpcAuthentication.access()));
    }
}
