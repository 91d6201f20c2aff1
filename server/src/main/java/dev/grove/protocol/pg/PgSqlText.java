package dev.grove.protocol.pg;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical work on the SQL text a client sends, aware of quotes, comments and dollar quoting: splitting
 * a simple query into statements, blanking literals and comments so classification only sees code,
 * and turning PostgreSQL's {@code $n} placeholders into Druid's positional {@code ?}.
 */
final class PgSqlText
{
    private PgSqlText() {}

    /** The statements of a simple query, without the separating semicolons; empty ones are dropped. */
    static List<String> split(String sql)
    {
        List<String> statements = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == ';') {
                add(statements, sql.substring(start, i));
                start = ++i;
                continue;
            }
            i = skipToken(sql, i);
        }
        add(statements, sql.substring(start));
        return statements;
    }

    /** The text with string literals, quoted identifiers and comments replaced by spaces (same length). */
    static String codeOnly(String sql)
    {
        StringBuilder code = new StringBuilder(sql);
        int i = 0;
        while (i < sql.length()) {
            int next = skipToken(sql, i);
            char c = sql.charAt(i);
            if (next > i + 1 && (c == '\'' || c == '-' || c == '/' || c == '$')) {
                for (int j = i; j < next; j++) {
                    code.setCharAt(j, ' ');
                }
            }
            i = next;
        }
        return code.toString();
    }

    /** True when only whitespace and comments remain. */
    static boolean isBlank(String sql)
    {
        return codeOnly(sql).isBlank();
    }

    /**
     * {@code $1 .. $n} → {@code ?} (padded with spaces to keep positions), and the order in which the
     * bound values must be passed: element k is the 1-based {@code $} number of the k-th {@code ?}.
     */
    record Placeholders(String sql, List<Integer> order) {}

    static Placeholders placeholders(String sql)
    {
        StringBuilder rewritten = new StringBuilder(sql.length());
        List<Integer> order = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '$' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1)) && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                int end = i + 1;
                while (end < sql.length() && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                int number;
                try {
                    number = Integer.parseInt(sql.substring(i + 1, end));
                }
                catch (NumberFormatException e) {
                    number = Integer.MAX_VALUE;
                }
                order.add(number);
                rewritten.append('?').append(" ".repeat(end - i - 1));
                i = end;
                continue;
            }
            int next = skipToken(sql, i);
            rewritten.append(sql, i, next);
            i = next;
        }
        return new Placeholders(rewritten.toString(), List.copyOf(order));
    }

    private static void add(List<String> statements, String statement)
    {
        if (!isBlank(statement)) {
            statements.add(statement);
        }
    }

    /** The index after the token starting at {@code i}: a whole literal, quoted identifier or comment, else one character. */
    private static int skipToken(String sql, int i)
    {
        char c = sql.charAt(i);
        int length = sql.length();
        if (c == '\'') {
            boolean escapes = i > 0 && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e') && (i < 2 || !Character.isLetterOrDigit(sql.charAt(i - 2)));
            return quoted(sql, i, '\'', escapes);
        }
        if (c == '"') {
            return quoted(sql, i, '"', false);
        }
        if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
            int end = sql.indexOf('\n', i);
            return end < 0 ? length : end + 1;
        }
        if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
            int depth = 0;
            int j = i;
            while (j < length) {
                if (j + 1 < length && sql.charAt(j) == '/' && sql.charAt(j + 1) == '*') {
                    depth++;
                    j += 2;
                }
                else if (j + 1 < length && sql.charAt(j) == '*' && sql.charAt(j + 1) == '/') {
                    depth--;
                    j += 2;
                    if (depth == 0) {
                        return j;
                    }
                }
                else {
                    j++;
                }
            }
            return length;
        }
        if (c == '$' && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
            int j = i + 1;
            while (j < length && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_' || (j > i + 1 && Character.isDigit(sql.charAt(j))))) {
                j++;
            }
            if (j < length && sql.charAt(j) == '$') {
                String tag = sql.substring(i, j + 1);
                int end = sql.indexOf(tag, j + 1);
                return end < 0 ? length : end + tag.length();
            }
        }
        return i + 1;
    }

    private static int quoted(String sql, int start, char quote, boolean backslashEscapes)
    {
        int j = start + 1;
        while (j < sql.length()) {
            char c = sql.charAt(j);
            if (backslashEscapes && c == '\\') {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return sql.length();
    }
}
