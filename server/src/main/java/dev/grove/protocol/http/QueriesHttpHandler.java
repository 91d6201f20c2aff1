package dev.grove.protocol.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.engine.QueryResult;
import dev.grove.engine.ResultColumn;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.query.AsyncQueries;
import dev.grove.query.AsyncQueryStatus;
import dev.grove.query.PageTokens;
import dev.grove.query.format.DruidTimestamps;
import dev.grove.query.format.ResultFormat;
import dev.grove.query.format.ResultWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The query lifecycle API of the compute-agent runbook: {@code POST /v1/queries} submits ({@code {query, context,
 * parameters, request_id}}; 202 with the new query, or 200 with the one a repeated {@code request_id}
 * already made); {@code GET /v1/queries/{id}} is its status; {@code GET /v1/queries/{id}/results?page_token=T&page_size=N}
 * one page of rows with the token of the next; {@code POST /v1/queries/{id}/cancel} cancels;
 * {@code DELETE /v1/queries/{id}} forgets it. And {@code GET /health}: its load numbers.
 */
final class QueriesHttpHandler
{
    static final String PATH = "/v1/queries";
    static final String HEALTH_PATH = "/health";
    private static final int DEFAULT_PAGE_SIZE = 1000;
    private static final int MAX_PAGE_SIZE = 10_000;

    private final AsyncQueries queries;

    QueriesHttpHandler(AsyncQueries queries)
    {
        this.queries = requireNonNull(queries, "queries is null");
    }

    void handle(HttpExchange exchange)
            throws IOException
    {
        String path = exchange.getRequestURI().getPath();
        String rest = path.length() <= PATH.length() + 1 ? "" : path.substring(PATH.length() + 1);
        String method = exchange.getRequestMethod();
        if (rest.isEmpty()) {
            if (!method.equals("POST")) {
                HttpExchanges.methodNotAllowed(exchange, "POST");
                return;
            }
            submit(exchange);
            return;
        }
        String[] parts = rest.split("/", -1);
        String queryId = parts[0];
        if (parts.length == 1) {
            switch (method) {
                case "GET" -> HttpExchanges.sendJson(exchange, 200, statusJson(queries.status(queryId, owner(exchange))));
                case "DELETE" -> {
                    queries.delete(queryId, owner(exchange));
                    HttpExchanges.send(exchange, 204, "application/json", new byte[0]);
                }
                default -> HttpExchanges.methodNotAllowed(exchange, "GET, DELETE");
            }
        }
        else if (parts.length == 2 && parts[1].equals("results")) {
            if (!method.equals("GET")) {
                HttpExchanges.methodNotAllowed(exchange, "GET");
                return;
            }
            results(exchange, queryId);
        }
        else if (parts.length == 2 && parts[1].equals("cancel")) {
            if (!method.equals("POST")) {
                HttpExchanges.methodNotAllowed(exchange, "POST");
                return;
            }
            boolean wasRunning = !queries.status(queryId, owner(exchange)).state().isTerminal();
            HttpExchanges.sendJson(exchange, wasRunning ? 202 : 200, statusJson(queries.cancel(queryId, owner(exchange))));
        }
        else {
            HttpExchanges.notFound(exchange);
        }
    }

    /** {@code GET /health}: answered at once, never waiting behind queries. */
    void health(HttpExchange exchange)
            throws IOException
    {
        if (!exchange.getRequestMethod().equals("GET")) {
            HttpExchanges.methodNotAllowed(exchange, "GET");
            return;
        }
        AsyncQueries.Health health = queries.health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("active_queries", health.activeQueries());
        body.put("queued_jobs", health.queuedJobs());
        body.put("running_jobs", health.runningJobs());
        body.put("completed_jobs", health.completedJobs());
        body.put("stored_jobs", health.storedJobs());
        body.put("cleaned_jobs", health.cleanedJobs());
        body.put("query_result_ttl_seconds", health.queryResultTtlSeconds());
        HttpExchanges.sendJson(exchange, 200, body);
    }

    private void submit(HttpExchange exchange)
            throws IOException
    {
        SqlHttpHandler.SqlRequest request = SqlHttpHandler.parse(exchange);
        Optional<String> requestId = Optional.empty();
        if (HttpExchanges.mediaType(exchange).equals("application/json")) {
            JsonNode node = HttpExchanges.JSON.readTree(exchange.requestBody()).get("request_id");
            if (node != null && !node.isNull()) {
                if (!node.isTextual()) {
                    throw new GroveException(GroveErrorCode.INVALID_REQUEST, "'request_id' must be a string");
                }
                requestId = Optional.of(node.asText());
            }
        }
        Map<String, Object> context = new LinkedHashMap<>(request.context());
        AsyncQueries.Submitted submitted = queries.submit(request.query(), context, request.parameters(), requestId, exchange.access(), owner(exchange));
        HttpExchanges.sendJson(exchange, submitted.created() ? 202 : 200, statusJson(submitted.status()));
    }

    private void results(HttpExchange exchange, String queryId)
            throws IOException
    {
        Map<String, String> parameters = QueryParameters.parse(exchange.getRequestURI());
        int pageSize = pageSize(parameters.get("page_size"));
        AsyncQueryStatus status = queries.status(queryId, owner(exchange));
        AsyncQueries.checkHasResults(status);
        long start = parameters.containsKey("page_token") ? PageTokens.firstRow(status, parameters.get("page_token")) : 0;
        List<Object[]> rows = queries.rows(queryId, owner(exchange), start, pageSize);
        long next = start + rows.size();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("{\"query_id\":".getBytes(StandardCharsets.UTF_8));
        body.write(HttpExchanges.JSON.writeValueAsBytes(queryId));
        body.write(",\"columns\":".getBytes(StandardCharsets.UTF_8));
        body.write(HttpExchanges.JSON.writeValueAsBytes(columnsJson(status.columns())));
        body.write(",\"rows\":".getBytes(StandardCharsets.UTF_8));
        byte[] array = ResultWriter.toBytes(new QueryResult(status.columns(), rows), ResultFormat.ARRAY, ResultWriter.Header.NONE);
        // Druid's array writer ends with a newline; inside this object it is just whitespace, dropped
        body.write(array, 0, array.length - 1);
        body.write(",\"next_page_token\":".getBytes(StandardCharsets.UTF_8));
        body.write(HttpExchanges.JSON.writeValueAsBytes(next < status.rowCount() ? PageTokens.encode(queryId, next) : null));
        body.write("}".getBytes(StandardCharsets.UTF_8));
        HttpExchanges.send(exchange, 200, "application/json", body.toByteArray());
    }

    private static int pageSize(String text)
    {
        if (text == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(text.trim());
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        }
        catch (NumberFormatException e) {
            // answered below
        }
        throw new GroveException(GroveErrorCode.INVALID_REQUEST, "'page_size' must be a whole number from 1 to " + MAX_PAGE_SIZE + ", was '" + text + "'");
    }

    private static String owner(HttpExchange exchange)
    {
        return SqlStatementsHttpHandler.owner(exchange);
    }

    static Map<String, Object> statusJson(AsyncQueryStatus status)
    {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query_id", status.queryId());
        body.put("request_id", status.requestId().orElse(null));
        body.put("state", status.state().name());
        body.put("created_at", DruidTimestamps.format(status.createdAt()));
        body.put("started_at", status.startedAt().map(DruidTimestamps::format).orElse(null));
        body.put("finished_at", status.finishedAt().map(DruidTimestamps::format).orElse(null));
        body.put("duration_ms", status.finishedAt().map(finished -> Duration.between(status.createdAt(), finished).toMillis()).orElse(null));
        body.put("error", status.error().map(error -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("code", error.code().druidErrorCode());
            details.put("category", error.code().category().druidCategory());
            details.put("message", error.getMessage());
            return details;
        }).orElse(null));
        body.put("columns", columnsJson(status.columns()));
        body.put("row_count", status.rowCount());
        body.put("result_bytes", status.resultBytes());
        body.put("results_expired", status.resultsExpiredAt().isPresent());
        body.put("results_expired_at", status.resultsExpiredAt().map(DruidTimestamps::format).orElse(null));
        return body;
    }

    private static List<Map<String, Object>> columnsJson(List<ResultColumn> columns)
    {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ResultColumn column : columns) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("sql_type", column.sqlType());
            entry.put("druid_type", column.druidType().name());
            list.add(entry);
        }
        return list;
    }
}
