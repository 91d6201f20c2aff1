package dev.grove.protocol.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.query.ExecutedQuery;
import dev.grove.query.SqlParameters;
import dev.grove.query.SqlQueryService;
import dev.grove.query.format.ResultFormat;
import dev.grove.query.format.ResultWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * {@code POST /druid/v2/sql}: Druid's SQL API. JSON bodies carry {@code query}, {@code resultFormat},
 * {@code header}, {@code typesHeader}, {@code sqlTypesHeader}, {@code context} and {@code parameters};
 * {@code text/plain} and form bodies are the SQL itself, answered as {@code object}. And
 * {@code DELETE /druid/v2/sql/{sqlQueryId}} cancels a running query.
 */
final class SqlHttpHandler
{
    static final String PATH = "/druid/v2/sql";
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final SqlQueryService queries;

    SqlHttpHandler(SqlQueryService queries)
    {
        this.queries = requireNonNull(queries, "queries is null");
    }

    void handle(HttpExchange exchange)
            throws IOException
    {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals(PATH) && !path.equals(PATH + "/")) {
            cancel(exchange, path.substring(PATH.length() + 1));
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            HttpExchanges.methodNotAllowed(exchange, "POST");
            return;
        }
        SqlRequest request = parse(exchange);
        exchange.getResponseHeaders().set("X-Druid-SQL-Query-Id", request.queryId());
        ExecutedQuery executed = queries.execute(request.query(), request.context(), request.parameters(), exchange.access());
        byte[] body = ResultWriter.toBytes(executed.result(), request.format(), request.header());
        if (request.header().names()) {
            exchange.getResponseHeaders().set("X-Druid-SQL-Header-Included", "yes");
        }
        HttpExchanges.send(exchange, 200, request.format().contentType(), body);
    }

    /** {@code DELETE /druid/v2/sql/{sqlQueryId}}, as Druid answers it: 202 once cancelled, 404 when no such query runs. */
    private void cancel(HttpExchange exchange, String queryId)
            throws IOException
    {
        if (queryId.isEmpty() || queryId.contains("/")) {
            HttpExchanges.notFound(exchange);
            return;
        }
        if (!exchange.getRequestMethod().equals("DELETE")) {
            HttpExchanges.methodNotAllowed(exchange, "DELETE");
            return;
        }
        GroveException reason = new GroveException(GroveErrorCode.QUERY_CANCELED, "Query [" + queryId + "] was cancelled");
        if (!queries.running().cancel(queryId, reason, exchange.access())) {
            HttpExchanges.sendError(exchange, DruidErrorJson.of(404, "notFound", "NOT_FOUND", "No running query has sqlQueryId [" + queryId + "]"));
            return;
        }
        HttpExchanges.send(exchange, 202, "application/json", new byte[0]);
    }

    /** A parsed SQL request body, as {@code /druid/v2/sql} and the asynchronous APIs take it. */
    record SqlRequest(String query, ResultFormat format, ResultWriter.Header header, Map<String, Object> context, List<Object> parameters)
    {
        String queryId()
        {
            return context.get("sqlQueryId").toString();
        }
    }

    static SqlRequest parse(HttpExchange exchange)
            throws IOException
    {
        String mediaType = HttpExchanges.mediaType(exchange);
        byte[] body = HttpExchanges.readBody(exchange, MAX_BODY_BYTES);
        Map<String, Object> context = new HashMap<>();
        if (mediaType.equals("text/plain") || mediaType.equals("application/x-www-form-urlencoded")) {
            context.put("sqlQueryId", UUID.randomUUID().toString());
            return new SqlRequest(new String(body, StandardCharsets.UTF_8), ResultFormat.OBJECT, ResultWriter.Header.NONE, context, List.of());
        }
        if (!mediaType.equals("application/json")) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Unsupported Content-Type '" + mediaType
                    + "'; send application/json (or text/plain with the SQL as the body)");
        }
        JsonNode json;
        try {
            json = HttpExchanges.JSON.readTree(body);
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Request body must be a JSON object with a 'query' field");
        }
        JsonNode query = json.get("query");
        if (query == null || !query.isTextual()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Missing 'query': send {\"query\": \"SELECT ...\"}");
        }
        JsonNode contextNode = json.get("context");
        if (contextNode != null && !contextNode.isNull()) {
            if (!contextNode.isObject()) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "'context' must be a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = contextNode.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                context.put(field.getKey(), field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString());
            }
        }
        context.computeIfAbsent("sqlQueryId", ignored -> UUID.randomUUID().toString());
        ResultFormat format = ResultFormat.fromDruidName(textOrNull(json.get("resultFormat")));
        ResultWriter.Header header = new ResultWriter.Header(bool(json, "header"), bool(json, "typesHeader"), bool(json, "sqlTypesHeader"));
        return new SqlRequest(query.asText(), format, header, context, parameters(json.get("parameters")));
    }

    private static List<Object> parameters(JsonNode node)
    {
        List<Object> parameters = new ArrayList<>();
        if (node == null || node.isNull()) {
            return parameters;
        }
        if (!node.isArray()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "'parameters' must be an array of {\"type\": ..., \"value\": ...}");
        }
        for (JsonNode parameter : node) {
            parameters.add(SqlParameters.fromDruid(parameters.size() + 1, textOrNull(parameter.get("type")), parameter.get("value")));
        }
        return parameters;
    }

    private static boolean bool(JsonNode json, String field)
    {
        JsonNode node = json.get(field);
        return node != null && node.asBoolean(false);
    }

    private static String textOrNull(JsonNode node)
    {
        return node == null || node.isNull() ? null : node.asText();
    }
}
