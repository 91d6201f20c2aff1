package dev.grove.protocol.http;

import dev.grove.error.ErrorCategory;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.error.SqlException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Druid's error JSON ({@code ErrorResponse} for a {@code DruidException}): an ordered map of
 * {@code error, errorCode, persona, category, errorMessage, context}, and the HTTP status Druid
 * gives its category. The one mapping from Grove errors to HTTP.
 */
final class DruidErrorJson
{
    private DruidErrorJson() {}

    record HttpError(int status, Map<String, Object> body) {}

    static HttpError of(GroveException exception)
    {
        GroveErrorCode code = exception.code();
        Map<String, String> context = new LinkedHashMap<>();
        if (exception instanceof SqlException sql) {
            context.put("sourceType", "sql");
            sql.position().ifPresent(position -> {
                context.put("line", String.valueOf(position.line()));
                context.put("column", String.valueOf(position.column()));
            });
        }
        return new HttpError(code.category().httpStatus(), body(code.druidErrorCode(), persona(code.category()), code.category().druidCategory(), exception.getMessage(), context));
    }

    static HttpError of(int status, String errorCode, String category, String message)
    {
        return new HttpError(status, body(errorCode, "USER", category, message, Map.of()));
    }

    /**
     * An error the HTTP layer itself gives (bad request line, head too large, too slow, draining, full),
     * with the Druid error code and category that status stands for.
     */
    static HttpError forStatus(int status, String message)
    {
        ErrorCategory category = switch (status) {
            case 401 -> ErrorCategory.UNAUTHORIZED;
            case 404 -> ErrorCategory.NOT_FOUND;
            case 408, 504 -> ErrorCategory.TIMEOUT;
            case 429 -> ErrorCategory.CAPACITY_EXCEEDED;
            case 503 -> ErrorCategory.UNAVAILABLE;
            case 501 -> ErrorCategory.UNSUPPORTED;
            default -> status >= 500 ? ErrorCategory.INTERNAL : ErrorCategory.INVALID_INPUT;
        };
        String errorCode = switch (category) {
            case NOT_FOUND -> "notFound";
            case TIMEOUT -> "timeout";
            case CAPACITY_EXCEEDED -> "capacityExceeded";
            case UNAVAILABLE -> "serviceUnavailable";
            case UNSUPPORTED -> "unsupported";
            case INTERNAL -> "runtimeFailure";
            case UNAUTHORIZED -> "unauthorized";
            case INVALID_INPUT, CONFLICT, FAILED_PRECONDITION, FORBIDDEN, CANCELED -> "invalidInput";
        };
        return new HttpError(status, body(errorCode, persona(category), category.druidCategory(), message, Map.of()));
    }

    private static Map<String, Object> body(String errorCode, String persona, String category, String message, Map<String, String> context)
    {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "druidException");
        body.put("errorCode", errorCode);
        body.put("persona", persona);
        body.put("category", category);
        body.put("errorMessage", message);
        body.put("context", context);
        return body;
    }

    private static String persona(ErrorCategory category)
    {
        return category == ErrorCategory.INTERNAL ? "OPERATOR" : "USER";
    }
}
