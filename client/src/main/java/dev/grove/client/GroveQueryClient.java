package dev.grove.client;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.apache.druid.grpc.proto.QueryGrpc;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Druid SQL over {@code druidGrpc.Query/SubmitQuery}. The response carries Druid's status: check
 * {@code getStatus()} for OK, INVALID_SQL, REQUEST_ERROR or RUNTIME_ERROR. Thread-safe.
 */
public final class GroveQueryClient
        implements AutoCloseable
{
    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final QueryGrpc.QueryBlockingStub stub;
    private final Duration timeout;

    public GroveQueryClient(String target)
    {
        this(ManagedChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(64 << 20).build(), true, Duration.ofSeconds(60));
    }

    public GroveQueryClient(ManagedChannel channel, Duration timeout)
    {
        this(channel, false, timeout);
    }

    private GroveQueryClient(ManagedChannel channel, boolean ownsChannel, Duration timeout)
    {
        this.channel = requireNonNull(channel, "channel is null");
        this.ownsChannel = ownsChannel;
        this.stub = QueryGrpc.newBlockingStub(channel);
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** Runs SQL, rows as {@code JSON_ARRAY}. */
    public QueryResponse sql(String sql)
    {
        return sql(sql, QueryResultFormat.JSON_ARRAY, Map.of());
    }

    public QueryResponse sql(String sql, QueryResultFormat format, Map<String, String> context)
    {
        QueryRequest request = QueryRequest.newBuilder().setQuery(sql).setResultFormat(format).putAllContext(context).build();
        return GroveClientException.call(() -> stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).submitQuery(request));
    }

    @Override
    public void close()
    {
        if (ownsChannel) {
            channel.shutdownNow();
        }
    }
}
