package dev.grove.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryParameter;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryRequest;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResponse;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryResultFormat;
import org.apache.druid.grpc.proto.QueryOuterClass.QueryStatus;
import org.apache.druid.grpc.proto.QueryOuterClass.StringArray;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One SQL request as the fuzz sends it (text, typed parameters, context, result format) over HTTP or
 * gRPC, and the check that it was answered properly: success, or a well-formed Druid error.
 */
record SqlCase(String sql, List<Parameter> parameters, Map<String, String> context, String format, boolean grpc)
{
    SqlCase
    {
        requireNonNull(sql, "sql is null");
        parameters = List.copyOf(parameters);
        context = Map.copyOf(context);
        requireNonNull(format, "format is null");
    }

    /** A positional parameter: a Druid SQL type name and a value (String, Long, Double, Boolean or null). */
    record Parameter(String type, Object value) {}

    /** The HTTP request body. */
    String httpBody()
    {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", sql);
        body.put("resultFormat", format);
        if (!context.isEmpty()) {
            body.put("context", context);
        }
        if (!parameters.isEmpty()) {
            body.put("parameters", parameters.stream().map(parameter -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("type", parameter.type());
                json.put("value", parameter.value());
                return json;
            }).toList());
        }
        try {
            return FuzzNode.JSON.writeValueAsString(body);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    QueryRequest grpcRequest()
    {
        QueryRequest.Builder request = QueryRequest.newBuilder().setQuery(sql).putAllContext(context);
        request.setResultFormat(switch (format) {
            case "csv" -> QueryResultFormat.CSV;
            case "arrayLines" -> QueryResultFormat.JSON_ARRAY_LINES;
            default -> QueryResultFormat.JSON_ARRAY;
        });
        for (Parameter parameter : parameters) {
            QueryParameter.Builder value = QueryParameter.newBuilder();
            if (parameter.value() == null) {
                value.setNullValue(true);
            }
            else if (parameter.type().equals("ARRAY")) {
                value.setArrayValue(StringArray.newBuilder().addValue(parameter.value().toString()));
            }
            else if (parameter.value() instanceof Long longValue) {
                value.setLongValue(longValue);
            }
            else if (parameter.value() instanceof Double doubleValue) {
                value.setDoubleValue(doubleValue);
            }
            else {
                value.setStringValue(parameter.value().toString());
            }
            request.addParameters(value);
        }
        return request.build();
    }

    /** Runs the case; empty when it was answered properly, else what went wrong. */
    Optional<String> check(FuzzNode node)
            throws InterruptedException
    {
        return grpc ? checkGrpc(node) : checkHttp(node);
    }

    private Optional<String> checkHttp(FuzzNode node)
            throws InterruptedException
    {
        HttpResponse<String> response;
        try {
            response = node.postSql(httpBody());
        }
        catch (IOException e) {
            return Optional.of("no HTTP answer: " + e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return Optional.empty();
        }
        if (status < 400 || status > 599) {
            return Optional.of("HTTP " + status + " is neither a success nor an error: " + response.body());
        }
        try {
            JsonNode error = FuzzNode.JSON.readTree(response.body());
            if (error == null || !error.isObject() || !error.path("error").isTextual() || !error.path("errorMessage").isTextual()) {
                return Optional.of("HTTP " + status + " without a Druid error JSON: " + response.body());
            }
        }
        catch (IOException e) {
            return Optional.of("HTTP " + status + " with a body that is not JSON: " + response.body());
        }
        return Optional.empty();
    }

    private Optional<String> checkGrpc(FuzzNode node)
    {
        try {
            QueryResponse response = node.query().submitQuery(grpcRequest());
            if (response.getStatus() == QueryStatus.UNKNOWN_STATUS || response.getStatus() == QueryStatus.UNRECOGNIZED) {
                return Optional.of("gRPC QueryResponse without a status: " + response);
            }
            if (response.getStatus() != QueryStatus.OK && response.getErrorMessage().isBlank()) {
                return Optional.of("gRPC QueryResponse " + response.getStatus() + " without an error message");
            }
            return Optional.empty();
        }
        catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            return Optional.of("gRPC failed with " + code + " instead of a QueryResponse: " + e.getStatus().getDescription());
        }
    }

    /** Everything needed to send it again. */
    String describe()
    {
        return (grpc ? "gRPC druidGrpc.Query/SubmitQuery " + FuzzText.shorten(grpcRequest().toString().replace("\n", " "))
                : "HTTP POST /druid/v2/sql " + FuzzText.shorten(httpBody()));
    }

    static ByteString utf8(String text)
    {
        return ByteString.copyFromUtf8(text);
    }
}
