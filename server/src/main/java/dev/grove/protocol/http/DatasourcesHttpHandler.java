package dev.grove.protocol.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.admin.DatasourceManager;
import dev.grove.admin.DatasourceSpecJson;
import dev.grove.datasource.ColumnSpec;
import dev.grove.datasource.Datasource;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Datasources over HTTP: Druid's read-only {@code /druid/v2/datasources[/{name}]}, and Grove's
 * {@code /grove/v1/datasources} to create ({@code POST}, {@code ?ifNotExists=true}), list, describe
 * and drop ({@code DELETE /grove/v1/datasources/{name}}).
 */
final class DatasourcesHttpHandler
{
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final DatasourceManager datasources;

    DatasourcesHttpHandler(DatasourceManager datasources)
    {
        this.datasources = requireNonNull(datasources, "datasources is null");
    }

    void handleDruid(HttpExchange exchange)
            throws IOException
    {
        if (!exchange.getRequestMethod().equals("GET")) {
            HttpExchanges.methodNotAllowed(exchange, "GET");
            return;
        }
        String name = nameAfter(exchange, "/druid/v2/datasources");
        if (name == null) {
            HttpExchanges.sendJson(exchange, 200, datasources.list().stream().map(Datasource::name).filter(exchange.access()::canRead).toList());
            return;
        }
        exchange.access().checkCanRead(Set.of(name));
        Datasource datasource = datasources.get(name);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dimensions", datasource.schema().dimensions().stream().map(ColumnSpec::name).toList());
        body.put("metrics", datasource.schema().metrics().stream().map(ColumnSpec::name).toList());
        HttpExchanges.sendJson(exchange, 200, body);
    }

    void handleGrove(HttpExchange exchange)
            throws IOException
    {
        String name = nameAfter(exchange, "/grove/v1/datasources");
        String method = exchange.getRequestMethod();
        if (name == null) {
            switch (method) {
                case "GET" -> HttpExchanges.sendJson(exchange, 200, datasources.list().stream()
                        .filter(datasource -> exchange.access().canRead(datasource.name())).map(DatasourceSpecJson::toJson).toList());
                case "POST" -> {
                    exchange.access().checkConfigWrite();
                    create(exchange);
                }
                default -> HttpExchanges.methodNotAllowed(exchange, "GET, POST");
            }
            return;
        }
        switch (method) {
            case "GET" -> {
                exchange.access().checkCanRead(Set.of(name));
                Map<String, Object> body = DatasourceSpecJson.toJson(datasources.get(name));
                body.put("rowCount", datasources.rowCount(name));
                body.put("quarantinedRecords", datasources.quarantinedRecords(name));
                HttpExchanges.sendJson(exchange, 200, body);
            }
            case "DELETE" -> {
                exchange.access().checkConfigWrite();
                datasources.drop(name);
                HttpExchanges.send(exchange, 204, "application/json", new byte[0]);
            }
            default -> HttpExchanges.methodNotAllowed(exchange, "GET, DELETE");
        }
    }

    private void create(HttpExchange exchange)
            throws IOException
    {
        JsonNode json;
        try {
            json = HttpExchanges.JSON.readTree(HttpExchanges.readBody(exchange, MAX_BODY_BYTES));
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INVALID_SCHEMA, "Request body is not valid JSON: " + e.getOriginalMessage());
        }
        DatasourceSpecJson.Definition definition;
        try {
            definition = DatasourceSpecJson.parse(json);
        }
        catch (IllegalArgumentException e) {
            throw new GroveException(GroveErrorCode.INVALID_SCHEMA, e.getMessage());
        }
        boolean ifNotExists = "ifNotExists=true".equals(exchange.getRequestURI().getQuery());
        DatasourceManager.CreateOutcome outcome = datasources.create(definition.name(), definition.schema(), ifNotExists);
        // 200 when ifNotExists found it already there, 201 when this request made it
        HttpExchanges.sendJson(exchange, outcome.alreadyExisted() ? 200 : 201, DatasourceSpecJson.toJson(outcome.datasource()));
    }

    /** The single path segment after {@code prefix}, or null for the collection itself. */
    private static String nameAfter(HttpExchange exchange, String prefix)
    {
        String path = exchange.getRequestURI().getRawPath();
        String rest = path.length() > prefix.length() ? path.substring(prefix.length() + 1) : "";
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.isEmpty()) {
            return null;
        }
        if (rest.contains("/")) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "No resource at " + path);
        }
        return URLDecoder.decode(rest, StandardCharsets.UTF_8);
    }
}
