package dev.grove.sql;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Druid's multi-statement form {@code SET key = value; ... SELECT ...}: leading {@code SET} statements
 * are query-context assignments for the one query that follows them.
 */
public final class SetStatements
{
    private static final int MAX_STATEMENTS = 100;
    private static final Pattern SET = Pattern.compile(
            "\\s*SET\\s+(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*('(?:[^']|'')*'|[-+]?[0-9][0-9.eE+-]*|TRUE|FALSE|[A-Za-z_][A-Za-z0-9_/]*)\\s*;",
            Pattern.CASE_INSENSITIVE);

    /** The query without its leading SET statements, and the context they assign (in order; a later one wins). */
    public record Split(String query, Map<String, Object> context)
    {
        public Split
        {
            requireNonNull(query, "query is null");
            context = Map.copyOf(context);
        }
    }

    private SetStatements() {}

    public static Split split(String sql)
    {
        Map<String, Object> context = new LinkedHashMap<>();
        if (sql == null) {
            return new Split("", context);
        }
        int offset = 0;
        Matcher matcher = SET.matcher(sql);
        // anchored at each statement's start (lookingAt): searching would rescan long text once per position
        for (int i = 0; i < MAX_STATEMENTS && matcher.region(offset, sql.length()).lookingAt(); i++) {
            String key = matcher.group(1);
            if (key.startsWith("\"")) {
                key = key.substring(1, key.length() - 1).replace("\"\"", "\"");
            }
            context.put(key, value(matcher.group(2)));
            offset = matcher.end();
        }
        return new Split(offset == 0 ? sql : sql.substring(offset), context);
    }

    private static Object value(String text)
    {
        if (text.startsWith("'")) {
            return text.substring(1, text.length() - 1).replace("''", "'");
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        return text;
    }
}
