package dev.grove.protocol.grpc;

import io.grpc.stub.StreamObserver;
import org.apache.druid.grpc.proto.QueryGrpc;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;

import static java.util.Objects.requireNonNull;

/**
 * {@code druidGrpc.Query/SubmitQuery}.
 */
final class DruidQueryGrpcService
        extends QueryGrpc.QueryImplBase
{
    private final DruidQueryHandler handler;

    DruidQueryGrpcService(DruidQueryHandler handler)
    {
        this.handler = requireNonNull(handler, "handler is null");
    }

    @Override
    public void submitQuery(QueryRequest request, StreamObserver<QueryResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> handler.handle(request, GrpcAuthentication.access()));
    }
}
