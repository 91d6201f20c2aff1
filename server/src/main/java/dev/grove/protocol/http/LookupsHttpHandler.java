package dev.grove.protocol.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.lookup.LookupManager;
import dev.grove.lookup.LookupSpec;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Druid's lookup config API under {@code /druid/coordinator/v1/lookups/config}: list tiers
 * ({@code GET}), bulk update ({@code POST {tier: {name: spec}}}), everything ({@code GET /all}), a tier's
 * lookup names ({@code GET /{tier}}), one lookup ({@code GET|POST|DELETE /{tier}/{name}}) and a whole
 * tier ({@code DELETE /{tier}}). Changes answer 202 Accepted, as Druid's coordinator does.
 */
final class LookupsHttpHandler
{
    static final String PATH = "/druid/coordinator/v1/lookups/config";
    private static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final LookupManager lookups;

    LookupsHttpHandler(LookupManager lookups)
    {
        this.lookups = requireNonNull(lookups, "lookups is null");
    }

    void handle(HttpExchange exchange)
            throws IOException
    {
        List<String> segments = segments(exchange);
        String method = exchange.getRequestMethod();
        if (segments == null) {
            HttpExchanges.notFound(exchange);
            return;
        }
        switch (segments.size()) {
            case 0 -> {
                switch (method) {
                    case "GET" -> HttpExchanges.sendJson(exchange, 200, lookups.tierNames());
                    case "POST" -> {
                        JsonNode body = body(exchange);
                        lookups.update(body);
                        HttpExchanges.sendJson(exchange, 202, body);
                    }
                    default -> HttpExchanges.methodNotAllowed(exchange, "GET, POST");
                }
            }
            case 1 -> {
                String tier = segments.get(0);
                if (tier.equals("all") && method.equals("GET")) {
                    Map<String, Object> all = new LinkedHashMap<>();
                    lookups.all().forEach((name, specs) -> all.put(name, toJson(specs)));
                    HttpExchanges.sendJson(exchange, 200, all);
                    return;
                }
                switch (method) {
                    case "GET" -> HttpExchanges.sendJson(exchange, 200, List.copyOf(lookups.tier(tier).keySet()));
                    case "DELETE" -> {
                        lookups.delete(tier, null);
                        HttpExchanges.send(exchange, 202, "application/json", new byte[0]);
                    }
                    default -> HttpExchanges.methodNotAllowed(exchange, "GET, DELETE");
                }
            }
            case 2 -> {
                String tier = segments.get(0);
                String name = segments.get(1);
                switch (method) {
                    case "GET" -> HttpExchanges.sendJson(exchange, 200, lookups.get(tier, name).toJson());
                    case "POST" -> {
                        JsonNode body = body(exchange);
                        ObjectNode update = HttpExchanges.JSON.createObjectNode();
                        update.putObject(tier).set(name, body);
                        lookups.update(update);
                        HttpExchanges.sendJson(exchange, 202, body);
                    }
                    case "DELETE" -> {
                        lookups.delete(tier, name);
                        HttpExchanges.send(exchange, 202, "application/json", new byte[0]);
                    }
                    default -> HttpExchanges.methodNotAllowed(exchange, "GET, POST, DELETE");
                }
            }
            default -> HttpExchanges.notFound(exchange);
        }
    }

    private static Map<String, Object> toJson(Map<String, LookupSpec> specs)
    {
        Map<String, Object> json = new LinkedHashMap<>();
        specs.forEach((name, spec) -> json.put(name, spec.toJson()));
        return json;
    }

    private static JsonNode body(HttpExchange exchange)
            throws IOException
    {
        try {
            JsonNode body = HttpExchanges.JSON.readTree(HttpExchanges.readBody(exchange, MAX_BODY_BYTES));
            if (body == null || body.isMissingNode()) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Request body is empty; send the lookup spec as JSON");
            }
            return body;
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The decoded path segments after {@link #PATH}, or null when the path is not under it. */
    private static List<String> segments(HttpExchange exchange)
    {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            return null;
        }
        String rest = path.substring(PATH.length());
        return java.util.Arrays.stream(rest.split("/")).filter(segment -> !segment.isEmpty())
                .map(segment -> URLDecoder.decode(segment, StandardCharsets.UTF_8)).toList();
    }
}
