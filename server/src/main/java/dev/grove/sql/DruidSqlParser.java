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

    private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \"(.*?)\" at line");

    private DruidSqlParser() {}

    /** Parses one statement (a trailing semicolon is allowed, as Druid allows it). */
    public static SqlNode parse(String sql)
    {
        if (sql == null || sql.isBlank()) {
            throw new SqlException(GroveErrorCode.SQL_PARSE_ERROR, "Query is empty; send a SQL statement in 'query'");
        }
        String text = stripTrailingSemicolon(sql);
        try {
            return SqlParser.create(text, CONFIG).parseStmt();
        }
        catch (SqlParseException e) {
            SqlParserPos pos = e.getPos();
            SqlPosition position = pos == null || pos.getLineNum() < 1 ? null : new SqlPosition(pos.getLineNum(), Math.max(1, pos.getColumnNum()));
            throw new SqlException(GroveErrorCode.SQL_PARSE_ERROR, describe(e, position), position);
        }
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
