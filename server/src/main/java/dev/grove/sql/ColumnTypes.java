package dev.grove.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What little Grove knows of an expression's type before the engine sees it: the catalog types of the
 * columns a statement reads (by column name over all its tables; a name two tables type differently
 * is unknown), literals, arithmetic and casts. Enough to apply Druid's implicit conversion of a string
 * compared with a number: the string is read as a number, and one that is not a number is NULL.
 */
final class ColumnTypes
{
    enum Kind
    {
        STRING, NUMBER, OTHER
    }

    private static final String CONFLICT = "?";

    private final Map<String, String> types;

    private ColumnTypes(Map<String, String> types)
    {
        this.types = requireNonNull(types, "types is null");
    }

    static ColumnTypes of(TableResolver tables, Set<String> engineTables)
    {
        Map<String, String> types = new HashMap<>();
        for (String table : engineTables) {
            tables.columnTypes(table).forEach((column, type) -> types.merge(column, type, (a, b) -> a.equals(b) ? a : CONFLICT));
        }
        return new ColumnTypes(types);
    }

    Kind kind(SqlNode node)
    {
        if (node instanceof SqlCharStringLiteral) {
            return Kind.STRING;
        }
        if (node instanceof SqlNumericLiteral) {
            return Kind.NUMBER;
        }
        if (node instanceof SqlIdentifier identifier && !identifier.isStar()) {
            return kind(types.get(identifier.names.get(identifier.names.size() - 1)));
        }
        if (node instanceof SqlCall call) {
            SqlKind kind = call.getKind();
            if (kind == SqlKind.PLUS || kind == SqlKind.MINUS || kind == SqlKind.TIMES || kind == SqlKind.DIVIDE || kind == SqlKind.MINUS_PREFIX) {
                // time arithmetic (ts + INTERVAL) is not a number
                return call.getOperandList().stream().allMatch(operand -> kind(operand) == Kind.NUMBER) ? Kind.NUMBER : Kind.OTHER;
            }
            if (call instanceof SqlSelect select && select.getSelectList() != null && select.getSelectList().size() == 1) {
                return kind(select.getSelectList().get(0));
            }
        }
        return Kind.OTHER;
    }

    private static Kind kind(String sqlType)
    {
        if (sqlType == null) {
            return Kind.OTHER;
        }
        return switch (sqlType) {
            case "VARCHAR" -> Kind.STRING;
            case "BIGINT", "DOUBLE", "FLOAT", "INTEGER" -> Kind.NUMBER;
            default -> Kind.OTHER;
        };
    }
}
