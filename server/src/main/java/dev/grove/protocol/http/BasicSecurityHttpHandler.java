package dev.grove.protocol.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.gateway.Access;
import dev.grove.gateway.Action;
import dev.grove.gateway.Authenticator;
import dev.grove.gateway.Permission;
import dev.grove.gateway.PermissionJson;
import dev.grove.gateway.ResourceType;
import dev.grove.gateway.SecurityAdmin;
import dev.grove.gateway.SecurityStore;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Druid's basic-security API, for the authenticator and the authorizer both named {@code basic}:
 * <pre>
 * /druid-ext/basic-security/authentication/db/basic/users[/{user}[/credentials]]
 * /druid-ext/basic-security/authorization/db/basic/users[/{user}[/roles/{role}]]
 * /druid-ext/basic-security/authorization/db/basic/roles[/{role}[/permissions]]
 * /druid-ext/basic-security/{authentication|authorization}/loadStatus
 * </pre>
 * Reading needs READ and changing needs WRITE on {@code CONFIG security}, as in Druid.
 */
final class BasicSecurityHttpHandler
{
    static final String PATH = "/druid-ext/basic-security/";
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final SecurityAdmin admin;

    BasicSecurityHttpHandler(SecurityAdmin admin)
    {
        this.admin = requireNonNull(admin, "admin is null");
    }

    void handle(HttpExchange exchange)
            throws IOException
    {
        List<String> path = segments(exchange.getRequestURI().getRawPath().substring(PATH.length()));
        String method = exchange.getRequestMethod();
        exchange.access().check(ResourceType.CONFIG, Access.SECURITY, method.equals("GET") ? Action.READ : Action.WRITE);
        if (path.size() == 2 && path.get(1).equals("loadStatus") && (path.get(0).equals("authentication") || path.get(0).equals("authorization"))) {
            HttpExchanges.sendJson(exchange, 200, Map.of(Authenticator.BASIC, true));
            return;
        }
        if (path.size() < 4 || !path.get(1).equals("db")) {
            HttpExchanges.notFound(exchange);
            return;
        }
        if (!path.get(2).equals(Authenticator.BASIC)) {
            throw new GroveException(GroveErrorCode.SECURITY_ENTITY_NOT_FOUND, "No " + path.get(0) + " named [" + path.get(2)
                    + "]; Grove's authenticator and authorizer are both named [basic]");
        }
        List<String> rest = path.subList(3, path.size());
        switch (path.get(0)) {
            case "authentication" -> authentication(exchange, method, rest);
            case "authorization" -> authorization(exchange, method, rest);
            default -> HttpExchanges.notFound(exchange);
        }
    }

    private void authentication(HttpExchange exchange, String method, List<String> path)
            throws IOException
    {
        SecurityStore store = admin.store();
        if (path.equals(List.of("users")) && method.equals("GET")) {
            HttpExchanges.sendJson(exchange, 200, store.listUsers());
        }
        else if (path.size() == 2 && path.get(0).equals("users")) {
            user(exchange, method, path.get(1), false);
        }
        else if (path.size() == 3 && path.get(0).equals("users") && path.get(2).equals("credentials")) {
            if (!method.equals("POST")) {
                HttpExchanges.methodNotAllowed(exchange, "POST");
                return;
            }
            JsonNode password = body(exchange).get("password");
            if (password == null || !password.isTextual()) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Expected a JSON body {\"password\": \"...\"}");
            }
            admin.setPassword(path.get(1), password.asText());
            ok(exchange);
        }
        else {
            HttpExchanges.notFound(exchange);
        }
    }

    private void authorization(HttpExchange exchange, String method, List<String> path)
            throws IOException
    {
        SecurityStore store = admin.store();
        boolean full = exchange.getRequestURI().getQuery() != null && Arrays.asList(exchange.getRequestURI().getQuery().split("&")).contains("full");
        if (path.equals(List.of("users")) && method.equals("GET")) {
            HttpExchanges.sendJson(exchange, 200, store.listUsers());
        }
        else if (path.equals(List.of("roles")) && method.equals("GET")) {
            HttpExchanges.sendJson(exchange, 200, store.listRoles());
        }
        else if (path.size() == 2 && path.get(0).equals("users")) {
            user(exchange, method, path.get(1), full);
        }
        else if (path.size() == 4 && path.get(0).equals("users") && path.get(2).equals("roles")) {
            switch (method) {
                case "POST" -> store.assignRole(path.get(1), path.get(3));
                case "DELETE" -> store.unassignRole(path.get(1), path.get(3));
                default -> {
                    HttpExchanges.methodNotAllowed(exchange, "POST, DELETE");
                    return;
                }
            }
            ok(exchange);
        }
        else if (path.size() == 2 && path.get(0).equals("roles")) {
            role(exchange, method, path.get(1), full);
        }
        else if (path.size() == 3 && path.get(0).equals("roles") && path.get(2).equals("permissions")) {
            switch (method) {
                case "GET" -> HttpExchanges.sendJson(exchange, 200, json(store.permissions(path.get(1))));
                case "POST" -> {
                    admin.setPermissions(path.get(1), permissions(exchange));
                    ok(exchange);
                }
                default -> HttpExchanges.methodNotAllowed(exchange, "GET, POST");
            }
        }
        else {
            HttpExchanges.notFound(exchange);
        }
    }

    private void user(HttpExchange exchange, String method, String user, boolean full)
            throws IOException
    {
        SecurityStore store = admin.store();
        switch (method) {
            case "GET" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", user);
                List<String> roles = store.rolesOf(user);
                if (full) {
                    List<Object> described = new ArrayList<>();
                    for (String role : roles) {
                        described.add(Map.of("name", role, "permissions", json(store.permissions(role))));
                    }
                    body.put("roles", described);
                }
                else {
                    body.put("roles", roles);
                }
                HttpExchanges.sendJson(exchange, 200, body);
            }
            case "POST" -> {
                admin.ensureUser(user);
                ok(exchange);
            }
            case "DELETE" -> {
                store.deleteUser(user);
                ok(exchange);
            }
            default -> HttpExchanges.methodNotAllowed(exchange, "GET, POST, DELETE");
        }
    }

    private void role(HttpExchange exchange, String method, String role, boolean full)
            throws IOException
    {
        SecurityStore store = admin.store();
        switch (method) {
            case "GET" -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", role);
                body.put("users", store.usersWith(role));
                if (full) {
                    body.put("permissions", json(store.permissions(role)));
                }
                HttpExchanges.sendJson(exchange, 200, body);
            }
            case "POST" -> {
                admin.createRole(role);
                ok(exchange);
            }
            case "DELETE" -> {
                store.deleteRole(role);
                ok(exchange);
            }
            default -> HttpExchanges.methodNotAllowed(exchange, "GET, POST, DELETE");
        }
    }

    private static List<Permission> permissions(HttpExchange exchange)
            throws IOException
    {
        List<PermissionJson> permissions;
        try {
            permissions = HttpExchanges.JSON.readValue(HttpExchanges.readBody(exchange, MAX_BODY_BYTES), new TypeReference<>() {});
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Expected a JSON array of permissions "
                    + "[{\"resource\": {\"name\": \"...\", \"type\": \"DATASOURCE\"}, \"action\": \"READ\"}]: " + e.getOriginalMessage());
        }
        if (permissions == null) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Expected a JSON array of permissions, got null");
        }
        return permissions.stream().map(permission -> {
            if (permission == null) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "A permission may not be null");
            }
            return permission.toPermission();
        }).toList();
    }

    private static List<PermissionJson> json(List<Permission> permissions)
    {
        return permissions.stream().map(PermissionJson::of).toList();
    }

    private static JsonNode body(HttpExchange exchange)
            throws IOException
    {
        try {
            JsonNode body = HttpExchanges.JSON.readTree(HttpExchanges.readBody(exchange, MAX_BODY_BYTES));
            if (body == null || !body.isObject()) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Expected a JSON object body");
            }
            return body;
        }
        catch (JsonProcessingException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "Request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void ok(HttpExchange exchange)
    {
        HttpExchanges.send(exchange, 200, "application/json", new byte[0]);
    }

    private static List<String> segments(String rawPath)
    {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment, StandardCharsets.UTF_8));
            }
        }
        return segments;
    }
}
