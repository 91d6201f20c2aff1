package dev.grove.protocol.http;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.gateway.Access;
import dev.grove.gateway.Action;
import dev.grove.gateway.AuditLog;
import dev.grove.gateway.ResourceType;

import java.io.IOException;

import static java.util.Objects.requireNonNull;

/**
 * {@code GET /grove/v1/audit[?limit=N]}: the newest audit events, newest first (default 100, at most
 * 10,000). Needs READ on {@code CONFIG security}: the trail shows every caller's SQL.
 */
final class AuditHttpHandler
{
    static final String PATH = "/grove/v1/audit";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private final AuditLog audit;

    AuditHttpHandler(AuditLog audit)
    {
        this.audit = requireNonNull(audit, "audit is null");
    }

    void handle(HttpExchange exchange)
            throws IOException
    {
        if (!exchange.getRequestMethod().equals("GET")) {
            HttpExchanges.methodNotAllowed(exchange, "GET");
            return;
        }
        exchange.access().check(ResourceType.CONFIG, Access.SECURITY, Action.READ);
        int limit = DEFAULT_LIMIT;
        String query = exchange.getRequestURI().getQuery();
        if (query != null && query.startsWith("limit=")) {
            try {
                limit = Integer.parseInt(query.substring("limit=".length()));
            }
            catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new GroveException(GroveErrorCode.INVALID_REQUEST, "limit must be a number from 1 to " + MAX_LIMIT);
            }
        }
        if (!audit.enabled()) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "The audit trail is kept only with authentication on (--auth)");
        }
        HttpExchanges.sendJson(exchange, 200, audit.newest(limit));
    }
}
