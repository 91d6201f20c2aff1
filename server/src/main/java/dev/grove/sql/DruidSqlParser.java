package dev.grove.sql;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.SqlException;
import dev.grove.error.SqlPosition;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Druid SQL text with Calcite's parser, configured as Druid configures it: double-quoted
 * identifiers, case kept for quoted and unquoted names, lenient conformance (GROUP BY ordinals and
 * aliases, LIMIT). Knows nothing of tables or the engine.
 */
public final class DruidSqlParser
{
    private static final SqlParser.Config CONFIG = SqlParser.config()
            .withQuoting(Quoting.DOUBLE_QUOTE)
            .withQuotedCasing(Casing.UNCHANGED)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withCaseSensitive(true)
            .withConformance(SqlConformanceEnum.LENIENT);

    private static final int MAX_ALIAS_QUOTES = 32;
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern AS_BEFORE = Pattern.compile("(?i)(^|\\s)AS\\s+$");
    private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \"(.*?)\" at line");

    private DruidSqlParser() {}

    /**
     * Parses one statement (a trailing semicolon is allowed, as Druid allows it). A reserved word used
     * as a column alias ({@code COUNT(*) AS count}) is accepted as if it were quoted, since dashboards
     * written for Druid use such aliases.
     */
    public static SqlNode parse(String sql)
    {
        if (sql == null || sql.isBlank()) {
            throw new SqlException(GroveErrorCode.SQL_PARSE_ERROR, "Query is empty; send a SQL statement in 'query'");
        }
        String text = stripTrailingSemicolon(sql);
        List<Integer> insertedQuotes = new ArrayList<>();
        for (int attempt = 0; ; attempt++) {
            try {
                return SqlParser.create(text, CONFIG).parseStmt();
            }
            catch (StackOverflowError e) {
                throw SqlComplexity.tooDeep();
            }
            catch (SqlParseException e) {
                if (isStackOverflow(e)) {
                    throw SqlComplexity.tooDeep();
                }
                SqlParserPos pos = e.getPos();
                int offset = pos == null ? -1 : offset(text, pos.getLineNum(), pos.getColumnNum());
                Matcher word = offset < 0 ? null : WORD.matcher(text).region(offset, text.length());
                if (attempt < MAX_ALIAS_QUOTES && word != null && word.lookingAt() && AS_BEFORE.matcher(text.substring(0, offset)).find()) {
                    text = text.substring(0, offset) + '"' + word.group() + '"' + text.substring(word.end());
                    insertedQuotes.add(offset);
                    insertedQuotes.add(word.end() + 1);
                    continue;
                }
                SqlPosition position = pos == null || pos.getLineNum() < 1 ? null
                        : new SqlPosition(pos.getLineNum(), Math.max(1, originalColumn(text, pos.getLineNum(), pos.getColumnNum(), insertedQuotes)));
                throw new SqlException(GroveErrorCode.SQL_PARSE_ERROR, describe(e, position), position);
            }
        }
    }

    private static boolean isStackOverflow(Throwable e)
    {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }

    /** 0-based offset of a 1-based line and column, or -1. */
    private static int offset(String text, int line, int column)
    {
        int offset = 0;
        for (int current = 1; current < line; current++) {
            offset = text.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return -1;
            }
        }
        offset += column - 1;
        return offset >= 0 && offset < text.length() ? offset : -1;
    }

    /** The column in the text as the caller wrote it, before quotes were inserted. */
    private static int originalColumn(String text, int line, int column, List<Integer> insertedQuotes)
    {
        int offset = offset(text, line, column);
        if (offset < 0) {
            return column;
        }
        int lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
        long before = insertedQuotes.stream().filter(inserted -> inserted >= lineStart && inserted < offset).count();
        return (int) (column - before);
    }

    private static String describe(SqlParseException e, SqlPosition position)
    {
        String message = e.getMessage() == null ? "syntax error" : e.getMessage();
        // Calcite lists every token it would have accepted; the first line says what went wrong
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).trim();
        Matcher encountered = ENCOUNTERED.matcher(first);
        if (encountered.find() && position != null) {
            return "Incorrect syntax: Received an unexpected token [" + encountered.group(1).trim() + "] (line [" + position.line() + "], column [" + position.column() + "])";
        }
        return first.startsWith("Incorrect syntax") ? first : "Incorrect syntax: " + first;
    }

    private static String stripTrailingSemicolon(String sql)
    {
        String trimmed = sql.stripTrailing();
        return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : sql;
    }
}
