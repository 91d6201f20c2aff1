package dev.grove.protocol.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.gateway.Access;
import dev.grove.gateway.Action;
import dev.grove.gateway.ColumnMask;
import dev.grove.gateway.Gateway;
import dev.grove.gateway.PolicyAdmin;
import dev.grove.gateway.ResourceType;
import dev.grove.gateway.RowPolicy;
import dev.grove.query.SqlQueryService;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Row filters and column masks per role and datasource (beyond Druid, which has neither):
 * {@code GET /grove/v1/policies[?role=R]}, {@code PUT} and {@code DELETE /grove/v1/policies/{role}/{datasource}}
 * with {@code {"rowFilter": "tenant = :user", "columnMasks": {"email": {"type": "lastN", "keep": 4}}}}.
 * Reading needs READ and changing needs WRITE on {@code CONFIG security}; a change applies on the next query.
 */
final class PoliciesHttpHandler
{
    static final String PATH = "/grove/v1/policies";
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final PolicyAdmin policies;
    private final Gateway gateway;
    private final SqlQueryService queries;

    PoliciesHttpHandler(PolicyAdmin policies, Gateway gateway, SqlQueryService queries)
    {
        this.policies = requireNonNull(policies, "policies is null");
        this.gateway = requireNonNull(gateway, "gateway is null");
        this.queries = requireNonNull(queries, "queries is null");
    }

    void handle(HttpExchange exchange)
            throws IOException
    {
        String method = exchange.getRequestMethod();
        exchange.access().check(ResourceType.CONFIG, Access.SECURITY, method.equals("GET") ? Action.READ : Action.WRITE);
        List<String> path = new ArrayList<>();
        for (String segment : exchange.getRequestURI().getRawPath().substring(PATH.length()).split("/")) {
            if (!segment.isEmpty()) {
                path.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
        }
        if (path.isEmpty()) {
            if (!method.equals("GET")) {
                HttpExchanges.methodNotAllowed(exchange, "GET");
                return;
            }
            Optional<String> role = Optional.ofNullable(exchange.getRequestURI().getQuery())
                    .filter(query -> query.startsWith("role="))
                    .map(query -> URLDecoder.decode(query.substring("role=".length()), StandardCharsets.UTF_8));
            HttpExchanges.sendJson(exchange, 200, policies.list(role).stream().map(PoliciesHttpHandler::toJson).toList());
            return;
        }
        if (path.equals(List.of("test"))) {
            test(exchange);
            return;
        }
        if (path.size() != 2) {
            HttpExchanges.notFound(exchange);
            return;
        }
        switch (method) {
            case "PUT" -> {
                policies.set(parse(exchange, path.get(0), path.get(1)));
                HttpExchanges.send(exchange, 200, "application/json", new byte[0]);
            }
            case "DELETE" -> {
                policies.delete(path.get(0), path.get(1));
                HttpExchanges.send(exchange, 200, "application/json", new byte[0]);
            }
            default -> HttpExchanges.methodNotAllowed(exchange, "PUT, DELETE");
        }
    }

    /** {@code POST /grove/v1/policies/test {"user": "alice", "query": "SELECT ..."}}: the SQL the engine would run for that user. */
    private void test(HttpExchange exchange)
            throws IOException
    {
        if (!exchange.getRequestMethod().equals("POST")) {
            HttpExchanges.methodNotAllowed(exchange, "POST");
            return;
        }
        exchange.access().check(ResourceType.CONFIG, Access.SECURITY, Action.READ);
        JsonNode body;
        try {
            body = HttpExchanges.JSON.readTree(HttpExchanges.readBody(exchange, MAX_BODY_BYTES));
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.path("user").isTextual() || !body.path("query").isTextual()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Expected {\"user\": \"...\", \"query\": \"SELECT ...\"}");
        }
        String rewritten = queries.translate(body.get("query").asText(), gateway.accessOf(body.get("user").asText()));
        HttpExchanges.sendJson(exchange, 200, Map.of("user", body.get("user").asText(), "engineSql", rewritten));
    }

    private static RowPolicy parse(HttpExchange exchange, String role, String datasource)
            throws IOException
    {
        JsonNode body;
        try {
            body = HttpExchanges.JSON.readTree(HttpExchanges.readBody(exchange, MAX_BODY_BYTES));
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Expected {\"rowFilter\": \"...\", \"columnMasks\": {\"column\": {\"type\": ...}}}");
        }
        JsonNode filter = body.get("rowFilter");
        if (filter != null && !filter.isNull() && !filter.isTextual()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "\"rowFilter\" must be a string: a Druid SQL condition");
        }
        Map<String, ColumnMask> masks = new LinkedHashMap<>();
        JsonNode masksJson = body.get("columnMasks");
        if (masksJson != null && !masksJson.isNull()) {
            try {
                masks.putAll(HttpExchanges.JSON.convertValue(masksJson, new TypeReference<Map<String, ColumnMask>>() {}));
            }
            catch (IllegalArgumentException e) {
                for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                    if (cause instanceof GroveException grove) {
                        throw grove;
                    }
                }
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "\"columnMasks\" must map column names to masks such as {\"type\": \"null\"}");
            }
        }
        return new RowPolicy(role, datasource, Optional.ofNullable(filter).filter(JsonNode::isTextual).map(JsonNode::asText), masks);
    }

    private static Map<String, Object> toJson(RowPolicy policy)
    {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("role", policy.role());
        json.put("datasource", policy.datasource());
        json.put("rowFilter", policy.rowFilter().orElse(null));
        json.put("columnMasks", policy.columnMasks());
        return json;
    }
}
