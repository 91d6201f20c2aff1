package dev.grove.protocol.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.view.ViewManager;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Grove's view API (open-source Druid has none): {@code GET /grove/v1/views} lists {@code {name: sql}},
 * {@code PUT /grove/v1/views/{name}} with {@code {"sql": "SELECT ..."}} defines or replaces one (201 new,
 * 200 replaced), {@code GET} and {@code DELETE} (204) one. Views are queried as {@code view.<name>}.
 */
final class ViewsHttpHandler
{
    static final String PATH = "/grove/v1/views";
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ViewManager views;

    ViewsHttpHandler(ViewManager views)
    {
        this.views = requireNonNull(views, "views is null");
    }

    void handle(HttpExchange exchange)
            throws IOException
    {
        String path = exchange.getRequestURI().getRawPath();
        String rest = path.length() > PATH.length() ? path.substring(PATH.length() + 1) : "";
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.contains("/") || !(path.equals(PATH) || path.startsWith(PATH + "/"))) {
            HttpExchanges.notFound(exchange);
            return;
        }
        String method = exchange.getRequestMethod();
        if (rest.isEmpty()) {
            if (method.equals("GET")) {
                HttpExchanges.sendJson(exchange, 200, views.all());
            }
            else {
                HttpExchanges.methodNotAllowed(exchange, "GET");
            }
            return;
        }
        String name = URLDecoder.decode(rest, StandardCharsets.UTF_8);
        switch (method) {
            case "GET" -> HttpExchanges.sendJson(exchange, 200, body(name, views.get(name)));
            case "PUT", "POST" -> {
                String sql = sql(exchange);
                boolean created = views.put(name, sql);
                HttpExchanges.sendJson(exchange, created ? 201 : 200, body(name, sql));
            }
            case "DELETE" -> {
                views.delete(name);
                HttpExchanges.send(exchange, 204, "application/json", new byte[0]);
            }
            default -> HttpExchanges.methodNotAllowed(exchange, "GET, PUT, DELETE");
        }
    }

    private static Map<String, Object> body(String name, String sql)
    {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("sql", sql);
        return body;
    }

    private static String sql(HttpExchange exchange)
            throws IOException
    {
        JsonNode json;
        try {
            json = HttpExchanges.JSON.readTree(HttpExchanges.readBody(exchange, MAX_BODY_BYTES));
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Request body is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode sql = json == null ? null : json.get("sql");
        if (sql == null || !sql.isTextual()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "The body must be {\"sql\": \"SELECT ...\"}");
        }
        return sql.asText();
    }
}
