package dev.grove.protocol.grpc;

import com.google.protobuf.ByteString;
import dev.grove.engine.QueryResult;
import dev.grove.engine.ResultColumn;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.query.AsyncQueries;
import dev.grove.query.AsyncQueryStatus;
import dev.grove.query.PageTokens;
import dev.grove.query.format.ResultFormat;
import dev.grove.query.format.ResultWriter;
import dev.grove.proto.query.v1.CancelQueryRequest;
import dev.grove.proto.query.v1.DeleteQueryRequest;
import dev.grove.proto.query.v1.DeleteQueryResponse;
import dev.grove.proto.query.v1.GetQueryRequest;
import dev.grove.proto.query.v1.GetResultsRequest;
import dev.grove.proto.query.v1.QueryJob;
import dev.grove.proto.query.v1.QueryLifecycleServiceGrpc;
import dev.grove.proto.query.v1.QueryResults;
import dev.grove.proto.query.v1.QueryState;
import dev.grove.proto.query.v1.SubmitQueryRequest;
import io.grpc.stub.StreamObserver;
import org.apache.druid.grpc.proto.QueryOuterClass.ColumnSchema;
import org.apache.druid.grpc.proto.QueryOuterClass.DruidType;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code grove.query.v1.QueryLifecycleService}: the asynchronous query lifecycle over gRPC, on the same
 * {@link AsyncQueries} as HTTP's {@code /v1/queries}, so a query submitted one way can be read the other.
 * Failures are gRPC statuses through {@link StatusMapper}.
 */
final class QueryLifecycleGrpcService
        extends QueryLifecycleServiceGrpc.QueryLifecycleServiceImplBase
{
    private static final int DEFAULT_PAGE_SIZE = 1000;
    private static final int MAX_PAGE_SIZE = 10_000;

    private final AsyncQueries queries;

    QueryLifecycleGrpcService(AsyncQueries queries)
    {
        this.queries = requireNonNull(queries, "queries is null");
    }

    @Override
    public void submit(SubmitQueryRequest request, StreamObserver<QueryJob> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            Optional<String> requestId = request.getRequestId().isEmpty() ? Optional.empty() : Optional.of(request.getRequestId());
            AsyncQueries.Submitted submitted = queries.submit(request.getQuery(), request.getContextMap(),
                    DruidQueryHandler.parameters(request.getParametersList()), requestId, GrpcAuthentication.access(), owner());
            return job(submitted.status()).toBuilder().setCreated(submitted.created()).build();
        });
    }

    @Override
    public void get(GetQueryRequest request, StreamObserver<QueryJob> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> job(queries.status(request.getQueryId(), owner())));
    }

    @Override
    public void getResults(GetResultsRequest request, StreamObserver<QueryResults> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            int pageSize = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : request.getPageSize();
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "page_size must be from 1 to " + MAX_PAGE_SIZE + " (0 means " + DEFAULT_PAGE_SIZE + "), was "
                        + request.getPageSize());
            }
            ResultFormat format = request.getResultFormat() == QueryResultFormat.UNKNOWN_FORMAT
                    ? ResultFormat.ARRAY
                    : DruidQueryHandler.resultFormat(request.getResultFormat());
            AsyncQueryStatus status = queries.status(request.getQueryId(), owner());
            AsyncQueries.checkHasResults(status);
            long start = request.getPageToken().isEmpty() ? 0 : PageTokens.firstRow(status, request.getPageToken());
            List<Object[]> rows = queries.rows(status.queryId(), owner(), start, pageSize);
            long next = start + rows.size();
            QueryResults.Builder results = QueryResults.newBuilder()
                    .setQueryId(status.queryId())
                    .addAllColumns(columns(status.columns()))
                    .setData(ByteString.copyFrom(ResultWriter.toBytes(new QueryResult(status.columns(), rows), format, ResultWriter.Header.NONE)))
                    .setRowCount(rows.size());
            if (next < status.rowCount()) {
                results.setNextPageToken(PageTokens.encode(status.queryId(), next));
            }
            return results.build();
        });
    }

    @Override
    public void cancel(CancelQueryRequest request, StreamObserver<QueryJob> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> job(queries.cancel(request.getQueryId(), owner())));
    }

    @Override
    public void delete(DeleteQueryRequest request, StreamObserver<DeleteQueryResponse> responseObserver)
    {
        GrpcCalls.unary(responseObserver, () -> {
            queries.delete(request.getQueryId(), owner());
            return DeleteQueryResponse.getDefaultInstance();
        });
    }

    /** Asynchronous queries belong to who submitted them; to anyone else they do not exist. */
    private static String owner()
    {
        return GrpcAuthentication.access().principal().name();
    }

    private static QueryJob job(AsyncQueryStatus status)
    {
        QueryJob.Builder job = QueryJob.newBuilder()
                .setQueryId(status.queryId())
                .setRequestId(status.requestId().orElse(""))
                .setState(QueryState.valueOf(status.state().name()))
                .setCreatedAtMillis(status.createdAt().toEpochMilli())
                .setStartedAtMillis(status.startedAt().map(Instant::toEpochMilli).orElse(0L))
                .setFinishedAtMillis(status.finishedAt().map(Instant::toEpochMilli).orElse(0L))
                .addAllColumns(columns(status.columns()))
                .setRowCount(status.rowCount())
                .setResultBytes(status.resultBytes())
                .setResultsExpired(status.resultsExpiredAt().isPresent())
                .setCreated(true);
        status.error().ifPresent(error -> job
                .setErrorCode(error.code().druidErrorCode())
                .setErrorCategory(error.code().category().druidCategory())
                .setErrorMessage(error.getMessage()));
        return job.build();
    }

    private static List<ColumnSchema> columns(List<ResultColumn> columns)
    {
        return columns.stream()
                .map(column -> ColumnSchema.newBuilder().setName(column.name()).setSqlType(column.sqlType()).setDruidType(DruidType.valueOf(column.druidType().name())).build())
                .toList();
    }
}
