package dev.grove.protocol.http;

import dev.grove.engine.QueryResult;
import dev.grove.engine.ResultColumn;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.query.AsyncQueries;
import dev.grove.query.AsyncQueryState;
import dev.grove.query.AsyncQueryStatus;
import dev.grove.query.format.DruidTimestamps;
import dev.grove.query.format.ResultFormat;
import dev.grove.query.format.ResultWriter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Druid's asynchronous SQL API, {@code /druid/v2/sql/statements}: {@code POST} takes the same body as
 * {@code /druid/v2/sql} and answers 202 with {@code {queryId, state, createdAt, schema, durationMs}};
 * {@code GET /{id}} adds {@code result} (rows, bytes, pages) once it succeeded or {@code errorDetails}
 * once it failed; {@code GET /{id}/results?page=N&resultFormat=F&filename=X} returns rows in any of
 * Druid's formats (400 while it runs, 404 when it failed, was cancelled or expired);
 * {@code DELETE /{id}} cancels (202, or 200 when it had already finished).
 */
final class SqlStatementsHttpHandler
{
    static final String PATH = "/druid/v2/sql/statements";
    /** Druid's rule for {@code filename}: no path or quoting characters, at most 255 characters. */
    private static final Pattern FILENAME = Pattern.compile("[^/\\\\:*?\"<>|\\x00\\n\\r]{1,255}");

    private final AsyncQueries queries;

    SqlStatementsHttpHandler(AsyncQueries queries)
    {
        this.queries = requireNonNull(queries, "queries is null");
    }

    void handle(HttpExchange exchange)
            throws IOException
    {
        String path = exchange.getRequestURI().getPath();
        String rest = path.length() <= PATH.length() ? "" : path.substring(PATH.length() + 1);
        if (rest.isEmpty()) {
            if (!exchange.getRequestMethod().equals("POST")) {
                HttpExchanges.methodNotAllowed(exchange, "POST");
                return;
            }
            SqlHttpHandler.SqlRequest request = SqlHttpHandler.parse(exchange);
            AsyncQueries.Submitted submitted = queries.submit(request.query(), request.context(), request.parameters(), Optional.empty(),
                    exchange.access(), owner(exchange));
            HttpExchanges.sendJson(exchange, 202, statusJson(submitted.status()));
            return;
        }
        String[] parts = rest.split("/", -1);
        String queryId = parts[0];
        if (parts.length == 1) {
            switch (exchange.getRequestMethod()) {
                case "GET" -> HttpExchanges.sendJson(exchange, 200, statusJson(queries.status(queryId, owner(exchange))));
                case "DELETE" -> {
                    AsyncQueryState before = queries.status(queryId, owner(exchange)).state();
                    queries.cancel(queryId, owner(exchange));
                    HttpExchanges.send(exchange, before.isTerminal() ? 200 : 202, "application/json", new byte[0]);
                }
                default -> HttpExchanges.methodNotAllowed(exchange, "GET, DELETE");
            }
            return;
        }
        if (parts.length == 2 && parts[1].equals("results")) {
            if (!exchange.getRequestMethod().equals("GET")) {
                HttpExchanges.methodNotAllowed(exchange, "GET");
                return;
            }
            results(exchange, queryId);
            return;
        }
        HttpExchanges.notFound(exchange);
    }

    private void results(HttpExchange exchange, String queryId)
            throws IOException
    {
        Map<String, String> parameters = QueryParameters.parse(exchange.getRequestURI());
        ResultFormat format = ResultFormat.fromDruidName(parameters.get("resultFormat"));
        String filename = parameters.get("filename");
        if (filename != null && !FILENAME.matcher(filename).matches()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "'filename' must be 1 to 255 characters without / \\ : * ? \" < > | or line breaks");
        }
        AsyncQueryStatus status = queries.status(queryId, owner(exchange));
        AsyncQueries.checkHasResults(status);
        List<Object[]> rows;
        String page = parameters.get("page");
        if (page == null) {
            rows = queries.rows(queryId, owner(exchange), 0, Math.toIntExact(Math.min(Integer.MAX_VALUE, status.rowCount())));
        }
        else {
            int number = pageNumber(page, status);
            rows = queries.rows(queryId, owner(exchange), (long) number * AsyncQueries.PAGE_ROWS, AsyncQueries.PAGE_ROWS);
        }
        byte[] body = ResultWriter.toBytes(new QueryResult(status.columns(), rows), format, ResultWriter.Header.NONE);
        if (filename != null) {
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=" + filename);
        }
        HttpExchanges.send(exchange, 200, format.contentType(), body);
    }

    private static int pageNumber(String page, AsyncQueryStatus status)
    {
        int number;
        try {
            number = Integer.parseInt(page.trim());
        }
        catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number >= status.pages().size()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Invalid page id [" + page + "] for query " + status.queryId() + "; pages are 0 to "
                    + (status.pages().size() - 1));
        }
        return number;
    }

    /** Asynchronous queries belong to who submitted them, as in Druid ("only the user who submits a query can see the results"). */
    static String owner(HttpExchange exchange)
    {
        return exchange.access().principal().name();
    }

    static Map<String, Object> statusJson(AsyncQueryStatus status)
    {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queryId", status.queryId());
        body.put("state", status.state().druidName());
        body.put("createdAt", DruidTimestamps.format(status.createdAt()));
        List<Map<String, Object>> schema = new ArrayList<>();
        for (ResultColumn column : status.columns()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", column.name());
            entry.put("type", column.sqlType());
            entry.put("nativeType", column.druidType().name());
            schema.add(entry);
        }
        body.put("schema", schema);
        body.put("durationMs", status.finishedAt().map(finished -> Duration.between(status.createdAt(), finished).toMillis()).orElse(-1L));
        if (status.state() == AsyncQueryState.SUCCEEDED && status.resultsExpiredAt().isEmpty()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("numTotalRows", status.rowCount());
            result.put("totalSizeInBytes", status.resultBytes());
            result.put("dataSource", "__query_select");
            List<Map<String, Object>> pages = new ArrayList<>();
            for (AsyncQueryStatus.Page page : status.pages()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("id", page.id());
                entry.put("numRows", page.numRows());
                entry.put("sizeInBytes", page.sizeInBytes());
                pages.add(entry);
            }
            result.put("pages", pages);
            body.put("result", result);
        }
        if (status.state() == AsyncQueryState.FAILED) {
            status.error().ifPresent(error -> body.put("errorDetails", DruidErrorJson.of(error).body()));
        }
        status.resultsExpiredAt().ifPresent(expired -> body.put("resultsExpiredAt", DruidTimestamps.format(expired)));
        return body;
    }
}
