package dev.grove.protocol.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.gateway.Access;
import dev.grove.gateway.Action;
import dev.grove.gateway.ApiKeys;
import dev.grove.gateway.ResourceType;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * API keys for services: {@code POST /grove/v1/api-keys} {@code {"user": "...", "description": "..."}} answers
 * 201 with the key (shown only then); {@code GET /grove/v1/api-keys[?user=U]} lists keys without secrets;
 * {@code DELETE /grove/v1/api-keys/{id}} revokes one. Needs READ (listing) or WRITE on {@code CONFIG security}.
 */
final class ApiKeysHttpHandler
{
    static final String PATH = "/grove/v1/api-keys";
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final ApiKeys keys;

    ApiKeysHttpHandler(ApiKeys keys)
    {
        this.keys = requireNonNull(keys, "keys is null");
    }

    void handle(HttpExchange exchange)
            throws IOException
    {
        String method = exchange.getRequestMethod();
        exchange.access().check(ResourceType.CONFIG, Access.SECURITY, method.equals("GET") ? Action.READ : Action.WRITE);
        String rest = exchange.getRequestURI().getRawPath().substring(PATH.length());
        if (rest.isEmpty() || rest.equals("/")) {
            switch (method) {
                case "GET" -> {
                    Optional<String> user = Optional.ofNullable(exchange.getRequestURI().getQuery()).filter(query -> query.startsWith("user="))
                            .map(query -> URLDecoder.decode(query.substring("user=".length()), StandardCharsets.UTF_8));
                    HttpExchanges.sendJson(exchange, 200, keys.list(user).stream().map(ApiKeysHttpHandler::toJson).toList());
                }
                case "POST" -> create(exchange);
                default -> HttpExchanges.methodNotAllowed(exchange, "GET, POST");
            }
            return;
        }
        String id = URLDecoder.decode(rest.substring(1), StandardCharsets.UTF_8);
        if (id.contains("/")) {
            HttpExchanges.notFound(exchange);
            return;
        }
        if (!method.equals("DELETE")) {
            HttpExchanges.methodNotAllowed(exchange, "DELETE");
            return;
        }
        keys.revoke(id);
        HttpExchanges.send(exchange, 204, "application/json", new byte[0]);
    }

    private void create(HttpExchange exchange)
            throws IOException
    {
        JsonNode body;
        try {
            body = HttpExchanges.JSON.readTree(HttpExchanges.readBody(exchange, MAX_BODY_BYTES));
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.path("user").isTextual()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Expected {\"user\": \"...\", \"description\": \"...\"}");
        }
        ApiKeys.CreatedKey created = keys.create(body.get("user").asText(), body.path("description").asText(""));
        Map<String, Object> json = toJson(created.key());
        json.put("key", created.text());
        HttpExchanges.sendJson(exchange, 201, json);
    }

    private static Map<String, Object> toJson(ApiKeys.ApiKey key)
    {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("user", key.user());
        json.put("description", key.description());
        json.put("createdAtMillis", key.createdAtMillis());
        json.put("revokedAtMillis", key.revokedAtMillis().orElse(null));
        return json;
    }
}
