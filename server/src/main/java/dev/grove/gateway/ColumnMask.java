package dev.grove.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.grove.datasource.ColumnType;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * How a role sees one column it may not see whole, as a Druid SQL expression over the column:
 * {@code null}; {@code fixed} (a constant, {@code value}); {@code lastN} (keep the last {@code keep}
 * characters of a string, the rest as {@code *}; a value no longer than that is all stars); or
 * {@code expression} (any Druid SQL expression over the row, {@code sql}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnMask(@JsonProperty("type") String type, @JsonProperty("value") String value, @JsonProperty("keep") Integer keep,
        @JsonProperty("sql") String sql)
{
    public ColumnMask
    {
        if (type == null) {
            throw invalid("a column mask needs \"type\": null, fixed, lastN or expression");
        }
        type = type.toLowerCase(Locale.ROOT);
        switch (type) {
            case "null" -> {}
            case "fixed" -> requireNonNull(value, "value is null");
            case "lastn" -> {
                if (keep == null || keep < 0) {
                    throw invalid("a lastN mask needs \"keep\": the number of trailing characters left visible (0 or more)");
                }
            }
            case "expression" -> {
                if (sql == null || sql.isBlank()) {
                    throw invalid("an expression mask needs \"sql\": a Druid SQL expression");
                }
            }
            default -> throw invalid("unknown mask type '" + type + "'; use null, fixed, lastN or expression");
        }
        if (type.equals("fixed") && value == null) {
            throw invalid("a fixed mask needs \"value\"");
        }
    }

    /** The masked column as a Druid SQL expression of the column's own type. */
    String expressionFor(String column, ColumnType columnType)
    {
        String quoted = SqlText.identifier(column);
        return switch (type) {
            case "null" -> "CAST(NULL AS " + columnType.sqlType() + ")";
            case "fixed" -> "CAST(" + SqlText.literal(value) + " AS " + columnType.sqlType() + ")";
            case "lastn" -> {
                if (columnType != ColumnType.STRING) {
                    throw invalid("a lastN mask applies to string columns only; '" + column + "' is " + columnType);
                }
                String length = "CAST(CHAR_LENGTH(" + quoted + ") AS INTEGER)";
                yield "CASE WHEN " + length + " <= " + keep + " THEN LPAD('', " + length + ", '*') ELSE LPAD(RIGHT("
                        + quoted + ", " + keep + "), " + length + ", '*') END";
            }
            case "expression" -> "CAST((" + sql + ") AS " + columnType.sqlType() + ")";
            default -> throw new IllegalStateException("unknown mask type " + type);
        };
    }

    private static GroveException invalid(String message)
    {
        return new GroveException(GroveErrorCode.INVALID_REQUEST, "Invalid column mask: " + message);
    }
}
