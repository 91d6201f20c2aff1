package dev.grove.protocol.grpc;

import com.google.protobuf.ByteString;
import dev.grove.engine.ResultColumn;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.query.ExecutedQuery;
import dev.grove.query.SqlParameters;
import dev.grove.query.SqlQueryService;
import dev.grove.query.TableAccess;
import dev.grove.query.format.ResultFormat;
import dev.grove.query.format.ResultWriter;
import org.apache.druid.grpc.proto.QueryOuterClass.ColumnSchema;
import org.apache.druid.grpc.proto.QueryOuterClass.DruidType;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryParameter;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryType;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Answers a Druid {@code QueryRequest} the way Druid's gRPC query extension does: failures are
 * reported in the response's status (REQUEST_ERROR, INVALID_SQL, RUNTIME_ERROR), not as gRPC errors.
 * Shared by {@code druidGrpc.Query} and the Holocron proxy.
 *
 * <p>Thread-safe.
 */
final class DruidQueryHandler
{
    private final SqlQueryService queries;

    DruidQueryHandler(SqlQueryService queries)
    {
        this.queries = requireNonNull(queries, "queries is null");
    }

    QueryResponse handle(QueryRequest request, TableAccess access)
    {
        if (request.getQueryType() != QueryType.SQL) {
            return error("", QueryStatus.REQUEST_ERROR, "Native queries are not supported yet; send Druid SQL with queryType SQL");
        }
        ResultFormat format;
        try {
            format = resultFormat(request.getResultFormat());
        }
        catch (GroveException e) {
            return error("", QueryStatus.REQUEST_ERROR, e.getMessage());
        }
        List<Object> parameters = new ArrayList<>();
        for (QueryParameter parameter : request.getParametersList()) {
            int position = parameters.size() + 1;
            try {
                switch (parameter.getValueCase()) {
                    case STRINGVALUE -> parameters.add(SqlParameters.varchar(position, parameter.getStringValue()));
                    case LONGVALUE -> parameters.add(parameter.getLongValue());
                    case DOUBLEVALUE -> parameters.add(SqlParameters.finiteDouble(position, parameter.getDoubleValue()));
                    case NULLVALUE, VALUE_NOT_SET -> parameters.add(null);
                    case ARRAYVALUE -> {
                        return error("", QueryStatus.REQUEST_ERROR, "Invalid parameter type: ARRAYVALUE");
                    }
                }
            }
            catch (GroveException e) {
                return error("", statusFor(e.code()), e.getMessage());
            }
        }
        ExecutedQuery executed;
        try {
            executed = queries.execute(request.getQuery(), request.getContextMap(), parameters, access);
        }
        catch (GroveException e) {
            if (e.code() == GroveErrorCode.PERMISSION_DENIED) {
                // as Druid's gRPC extension does: an authorization failure is the call's status, not a query status
                throw e;
            }
            String queryId = request.getContextMap().getOrDefault("sqlQueryId", "");
            return error(queryId, statusFor(e.code()), e.getMessage());
        }
        QueryResponse.Builder response = QueryResponse.newBuilder()
                .setQueryId(executed.queryId())
                .setStatus(QueryStatus.OK);
        for (ResultColumn column : executed.result().columns()) {
            response.addColumns(ColumnSchema.newBuilder()
                    .setName(column.name())
                    .setSqlType(column.sqlType())
                    .setDruidType(DruidType.valueOf(column.druidType().name())));
        }
        response.setData(ByteString.copyFrom(ResultWriter.toBytes(executed.result(), format, ResultWriter.Header.NONE)));
        return response.build();
    }

    private static ResultFormat resultFormat(QueryResultFormat format)
    {
        return switch (format) {
            case CSV -> ResultFormat.CSV;
            case JSON_ARRAY -> ResultFormat.ARRAY;
            case JSON_ARRAY_LINES -> ResultFormat.ARRAY_LINES;
            case UNKNOWN_FORMAT, PROTOBUF_INLINE, PROTOBUF_RESPONSE, UNRECOGNIZED ->
                    throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Unsupported query result format: " + format);
        };
    }

    private static QueryStatus statusFor(GroveErrorCode code)
    {
        return switch (code) {
            case SQL_PARSE_ERROR, SQL_VALIDATION_ERROR, SQL_UNSUPPORTED, FORBIDDEN_SQL, SQL_TOO_COMPLEX, INVALID_PARAMETER -> QueryStatus.INVALID_SQL;
            case INVALID_REQUEST, INVALID_SCHEMA, BATCH_TOO_LARGE, DATASOURCE_NOT_FOUND, DATASOURCE_ALREADY_EXISTS, PARTITION_NOT_OWNED,
                    OUT_OF_ORDER_SEQUENCE, PRODUCER_FENCED, UNKNOWN_PRODUCER, LEASE_EXPIRED, SECURITY_ENTITY_NOT_FOUND,
                    SECURITY_ENTITY_ALREADY_EXISTS, UNAUTHENTICATED, PERMISSION_DENIED -> QueryStatus.REQUEST_ERROR;
            case RESULT_TOO_LARGE, NODE_DRAINING, INGEST_BUFFER_FULL, QUERY_TIMEOUT, QUERY_MEMORY_EXCEEDED, BATCH_NOT_APPLIED,
                    DATASOURCE_NEEDS_REPAIR, QUERY_CANCELED, QUERY_CAPACITY_EXCEEDED, TOO_MANY_FAILED_LOGINS, STORAGE_FAILURE,
                    QUERY_EXECUTION_FAILED, LOG_CORRUPTED, INTERNAL_ERROR -> QueryStatus.RUNTIME_ERROR;
        };
    }

    private static QueryResponse error(String queryId, QueryStatus status, String message)
    {
        return QueryResponse.newBuilder().setQueryId(queryId).setStatus(status).setErrorMessage(message).build();
    }
}
