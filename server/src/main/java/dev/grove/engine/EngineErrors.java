package dev.grove.engine;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.error.InternalErrors;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts DuckDB's errors: a mistake in the user's query that DuckDB detects (an unknown column, a value
 * that does not convert, an overflow, a division by zero, a function called with the wrong types)
 * becomes a 400 in Grove's words, without DuckDB's echo of the translated SQL the user never wrote;
 * running out of memory is a capacity error; anything else is Grove's fault and gets an error id.
 */
final class EngineErrors
{
    private static final Pattern KIND = Pattern.compile("^(?:java\\.sql\\.SQLException: )?([A-Za-z ]+?) Error: ", Pattern.DOTALL);
    private static final Pattern MISSING_COLUMN = Pattern.compile("Referenced column \"(.*?)\" not found");
    private static final Pattern CANDIDATE = Pattern.compile("\"([^\"]*)\"");

    private EngineErrors() {}

    static GroveException classify(SQLException exception)
    {
        String message = exception.getMessage() == null ? "" : exception.getMessage();
        Matcher kind = KIND.matcher(message);
        if (!kind.find()) {
            return InternalErrors.internal(GroveErrorCode.QUERY_EXECUTION_FAILED, "running a query", exception);
        }
        String detail = firstLine(message.substring(kind.end()));
        return switch (kind.group(1)) {
            case "Binder" -> new GroveException(GroveErrorCode.SQL_VALIDATION_ERROR, binder(detail, message));
            case "Conversion" -> new GroveException(GroveErrorCode.SQL_VALIDATION_ERROR, "A value could not be converted: " + detail + "; check the types of the values and casts in the query");
            case "Out of Range" -> new GroveException(GroveErrorCode.SQL_VALIDATION_ERROR, "A value is out of range: " + detail + "; cast to a wider type such as BIGINT or DOUBLE");
            case "Invalid Input" -> new GroveException(GroveErrorCode.SQL_VALIDATION_ERROR, "Invalid input: " + stripAdvice(detail));
            case "Out of Memory" -> new GroveException(GroveErrorCode.QUERY_MEMORY_EXCEEDED, "Query needs more memory than the engine may use (grove.engine.memoryLimit); "
                    + "filter or aggregate more, narrow the time range, or retry when fewer queries run");
            default -> InternalErrors.internal(GroveErrorCode.QUERY_EXECUTION_FAILED, "running a query", exception);
        };
    }

    private static String binder(String detail, String message)
    {
        Matcher missing = MISSING_COLUMN.matcher(detail);
        if (missing.find()) {
            List<String> candidates = candidates(message);
            return "Column '" + missing.group(1) + "' not found in any table"
                    + (candidates.isEmpty() ? "; check the column names of the datasource" : "; did you mean " + String.join(", ", candidates) + "?");
        }
        if (detail.startsWith("No function matches")) {
            return "No function matches the given name and argument types: " + detail.substring("No function matches the given name and argument types".length()).trim()
                    .replace(" You might need to add explicit type casts.", "") + "; add explicit casts to the arguments";
        }
        return "Invalid query: " + detail;
    }

    private static List<String> candidates(String message)
    {
        List<String> names = new ArrayList<>();
        int at = message.indexOf("Candidate bindings:");
        if (at >= 0) {
            Matcher name = CANDIDATE.matcher(firstLine(message.substring(at + "Candidate bindings:".length()).trim()));
            while (name.find() && names.size() < 3) {
                names.add("'" + name.group(1) + "'");
            }
        }
        return names;
    }

    /** DuckDB's first line: what went wrong, without the candidate lists and the "LINE 1:" echo. */
    private static String firstLine(String text)
    {
        int newline = text.indexOf('\n');
        String line = (newline < 0 ? text : text.substring(0, newline)).trim();
        int echo = line.indexOf("LINE 1:");
        return echo < 0 ? line : line.substring(0, echo).trim();
    }

    private static String stripAdvice(String detail)
    {
        int advice = detail.indexOf(" Use TRY(");
        return advice < 0 ? detail : detail.substring(0, advice) + "; guard the divisor, e.g. NULLIF(divisor, 0)";
    }
}
