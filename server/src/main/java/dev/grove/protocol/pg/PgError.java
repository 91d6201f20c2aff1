package dev.grove.protocol.pg;

import dev.grove.error.ErrorCategory;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.error.SqlException;
import dev.grove.error.SqlPosition;

import java.util.Optional;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * An ErrorResponse's fields: severity, SQLSTATE, message and, where Grove knows it, the 1-based
 * character position in the statement the client sent. Grove's error codes map to PostgreSQL's
 * SQLSTATEs here, once, as {@code StatusMapper} maps them to gRPC.
 */
record PgError(String severity, String sqlState, String message, OptionalInt position)
{
    PgError
    {
        requireNonNull(severity, "severity is null");
        requireNonNull(sqlState, "sqlState is null");
        requireNonNull(message, "message is null");
        requireNonNull(position, "position is null");
    }

    static PgError error(String sqlState, String message)
    {
        return new PgError("ERROR", sqlState, message, OptionalInt.empty());
    }

    static PgError fatal(String sqlState, String message)
    {
        return new PgError("FATAL", sqlState, message, OptionalInt.empty());
    }

    PgError asFatal()
    {
        return new PgError("FATAL", sqlState, message, position);
    }

    /** A Grove failure of {@code sql} (the text as the client sent it), with the position when the SQL layer knows it. */
    static PgError of(GroveException exception, String sql)
    {
        OptionalInt position = OptionalInt.empty();
        if (exception instanceof SqlException sqlException) {
            Optional<SqlPosition> at = sqlException.position();
            if (at.isPresent() && sql != null) {
                position = offset(sql, at.get());
            }
        }
        return new PgError("ERROR", sqlState(exception.code(), exception.getMessage()), exception.getMessage(), position);
    }

    static String sqlState(GroveErrorCode code, String message)
    {
        return switch (code) {
            case SQL_PARSE_ERROR -> SqlState.SYNTAX_ERROR;
            case SQL_VALIDATION_ERROR -> validation(message);
            case SQL_UNSUPPORTED -> SqlState.FEATURE_NOT_SUPPORTED;
            case FORBIDDEN_SQL -> SqlState.INSUFFICIENT_PRIVILEGE;
            case INVALID_PARAMETER, INVALID_REQUEST, INVALID_SCHEMA -> SqlState.INVALID_PARAMETER_VALUE;
            case SQL_TOO_COMPLEX -> SqlState.STATEMENT_TOO_COMPLEX;
            case RESULT_TOO_LARGE, BATCH_TOO_LARGE -> SqlState.PROGRAM_LIMIT_EXCEEDED;
            case DATASOURCE_NOT_FOUND -> SqlState.UNDEFINED_TABLE;
            case DATASOURCE_ALREADY_EXISTS -> "42P07";
            case PERMISSION_DENIED -> SqlState.INSUFFICIENT_PRIVILEGE;
            case QUERY_TIMEOUT, QUERY_CANCELED -> SqlState.QUERY_CANCELED;
            case NODE_DRAINING -> SqlState.ADMIN_SHUTDOWN;
            case QUERY_MEMORY_EXCEEDED -> SqlState.OUT_OF_MEMORY;
            case QUERY_CAPACITY_EXCEEDED, INGEST_BUFFER_FULL -> "53000";
            default -> byCategory(code.category());
        };
    }

    /** Codes added after this mapping still get a sensible class. */
    private static String byCategory(ErrorCategory category)
    {
        return switch (category) {
            case INVALID_INPUT -> SqlState.INVALID_PARAMETER_VALUE;
            case NOT_FOUND -> SqlState.UNDEFINED_OBJECT;
            case CONFLICT -> "42710";
            case FAILED_PRECONDITION -> "55000";
            case UNAUTHORIZED -> SqlState.INVALID_AUTHORIZATION;
            case FORBIDDEN -> SqlState.INSUFFICIENT_PRIVILEGE;
            case CAPACITY_EXCEEDED -> "53000";
            case UNAVAILABLE -> SqlState.CANNOT_CONNECT_NOW;
            case TIMEOUT, CANCELED -> SqlState.QUERY_CANCELED;
            case UNSUPPORTED -> SqlState.FEATURE_NOT_SUPPORTED;
            case INTERNAL -> SqlState.INTERNAL_ERROR;
        };
    }

    /** The SQL layer says which kind of validation failed only in its words; these prefixes are its stable ones. */
    private static String validation(String message)
    {
        if (message.startsWith("Object '") && message.contains("' not found")) {
            return SqlState.UNDEFINED_TABLE;
        }
        if (message.startsWith("Column '") && message.contains("' not found") || message.contains("Referenced column ")) {
            return SqlState.UNDEFINED_COLUMN;
        }
        if (message.startsWith("No match found for function signature") || message.startsWith("No function matches")) {
            return SqlState.UNDEFINED_FUNCTION;
        }
        if (message.startsWith("A value could not be converted")) {
            return SqlState.INVALID_TEXT_REPRESENTATION;
        }
        if (message.startsWith("A value is out of range")) {
            return "22003";
        }
        if (message.startsWith("Invalid input")) {
            return SqlState.DATA_EXCEPTION;
        }
        return "42000";
    }

    /** Line and column (1-based) → character offset (1-based), as PostgreSQL's position field counts. */
    static OptionalInt offset(String sql, SqlPosition position)
    {
        int line = 1;
        int index = 0;
        while (line < position.line() && index < sql.length()) {
            if (sql.charAt(index++) == '\n') {
                line++;
            }
        }
        int offset = index + position.column();
        if (line != position.line() || offset > sql.length() + 1) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(sql.codePointCount(0, offset - 1) + 1);
    }
}
