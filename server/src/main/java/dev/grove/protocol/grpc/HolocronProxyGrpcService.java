package dev.grove.protocol.grpc;

import com.spotify.holocron.schema.v1.HolocronProxyServiceGrpc;
import io.grpc.stub.StreamObserver;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;

import static java.util.Objects.requireNonNull;

/**
 * {@code spotify.holocron.v1.HolocronProxyService}: on a single node both methods run the query here,
 * answering exactly like {@code druidGrpc.Query/SubmitQuery}. {@code Proxy} runs in the lane its context
 * names (the default lane when none); {@code LaneOneProxy} always runs in lane {@code one}, whose reserved
 * slots ({@code grove.query.lanes}) keep dashboards answering while analyst queries fill the default lane.
 * Topology routing arrives with many nodes.
 */
final class HolocronProxyGrpcService
        extends HolocronProxyServiceGrpc.HolocronProxyServiceImplBase
{
    static final String LANE_ONE = "one";

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
        GrpcCalls.unary(responseObserver, () -> handler.handleInLane(request, LANE_ONE, GrpcAuthentication.access()));
    }
}
