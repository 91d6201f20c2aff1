package dev.grove.sql;

import dev.grove.error.GroveErrorCode;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeName;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * Druid functions that DuckDB has under another shape, written as DuckDB SQL with Druid's semantics
 * (nulls, units, result types). One method per function; the arguments are already rewritten.
 *
 * <p>Immutable; one per statement (it holds the statement's lookup resolver).
 */
final class DruidFunctions
{
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private static final java.util.Map<String, String> DESCRIPTIONS = java.util.Map.ofEntries(
            java.util.Map.entry("ANY_VALUE", "`first(x)`: the first row's value, NULL included, as in Druid; `maxBytes` accepted"),
            java.util.Map.entry("EARLIEST", "`arg_min_null(x, __time)`; `maxBytes` accepted"),
            java.util.Map.entry("LATEST", "`arg_max_null(x, __time)`; `maxBytes` accepted"),
            java.util.Map.entry("EARLIEST_BY", "`arg_min_null(x, ts)`"),
            java.util.Map.entry("LATEST_BY", "`arg_max_null(x, ts)`"),
            java.util.Map.entry("STRING_AGG", "`string_agg` over the values as strings, NULLs skipped; `DISTINCT` values sorted"),
            java.util.Map.entry("LISTAGG", "as `STRING_AGG`"),
            java.util.Map.entry("ARRAY_AGG", "`list(x)`, NULLs kept; `DISTINCT` values sorted"),
            java.util.Map.entry("SUBSTRING", "`substring`, NULL when nothing is left (Druid's SUBSTRING never returns '')"),
            java.util.Map.entry("SUBSTR", "as `SUBSTRING`"),
            java.util.Map.entry("MILLIS_TO_TIMESTAMP", "`epoch_ms` of the value as BIGINT"),
            java.util.Map.entry("SAFE_DIVIDE", "`a / b`, NULL when `b` is 0"),
            java.util.Map.entry("DIV", "integer division `//`"),
            java.util.Map.entry("LOG", "natural logarithm `ln` (Druid's `LOG`)"),
            java.util.Map.entry("PARSE_LONG", "the string as BIGINT in radix 10 (default), 16 or 2; NULL when it is not a number"),
            java.util.Map.entry("CONCAT", "`||` over the arguments as strings: NULL if any argument is NULL, as in Druid"),
            java.util.Map.entry("TEXTCAT", "as `CONCAT`"),
            java.util.Map.entry("LPAD", "`lpad`; the pad defaults to a space"),
            java.util.Map.entry("RPAD", "`rpad`; the pad defaults to a space"),
            java.util.Map.entry("BTRIM", "`trim(s[, chars])`"),
            java.util.Map.entry("REGEXP_EXTRACT", "`regexp_extract`, NULL when the pattern does not match"),
            java.util.Map.entry("REGEXP_LIKE", "`regexp_matches` (matches anywhere)"),
            java.util.Map.entry("CONTAINS_STRING", "`contains`"),
            java.util.Map.entry("ICONTAINS_STRING", "`contains` on lower-cased strings"),
            java.util.Map.entry("DECODE_BASE64_UTF8", "`decode(from_base64(s))`"),
            java.util.Map.entry("LOOKUP", "the value of the key in a lookup of tier `__default` (`/druid/coordinator/v1/lookups/config`), or `replaceMissingWith`"),
            java.util.Map.entry("NVL2", "`CASE WHEN a IS NOT NULL THEN b ELSE c END`"),
            java.util.Map.entry("CAST", "`TRY_CAST`: a string that is not a number or time becomes NULL, as in Druid; casts to strings stay `CAST`"),
            java.util.Map.entry("EXTRACT", "`date_part` in the session time zone; `DOW` is ISO (Monday 1), `MILLISECOND` within the second, as in Druid"),
            java.util.Map.entry("TIME_EXTRACT", "`date_part` with Druid's units (`EPOCH`, `MILLISECOND`, ... `MILLENNIUM`) on the wall clock of the session or given time zone"),
            java.util.Map.entry("TIME_CEIL", "`time_bucket` plus one period unless on a boundary, on the session or given time zone's wall clock"),
            java.util.Map.entry("TIME_SHIFT", "`ts + step * period` on the session or given time zone's wall clock"),
            java.util.Map.entry("TIME_PARSE", "ISO-8601 by default, else the Joda pattern as `strptime`; NULL when it does not parse; in the session or given time zone"),
            java.util.Map.entry("TIME_FORMAT", "`strftime` with the Joda pattern translated (default ISO-8601 with milliseconds, UTC only), in the session or given time zone"),
            java.util.Map.entry("TIME_IN_INTERVAL", "`ts >= start AND ts < end` of an ISO-8601 interval literal (`start/end`, `start/period`, `period/end`)"),
            java.util.Map.entry("TIMESTAMPADD", "`ts + n * INTERVAL '1 unit'`"),
            java.util.Map.entry("TIMESTAMPDIFF", "`date_sub(unit, a, b)`: whole units elapsed"),
            java.util.Map.entry("SCALAR_IN_ARRAY", "`list_contains(array, x)`"),
            java.util.Map.entry("MV_CONTAINS", "on a string (Grove has no multi-value columns yet: a string is a one-value MV): equals the value, or every array element"),
            java.util.Map.entry("MV_OVERLAP", "on a string: the array holds it"),
            java.util.Map.entry("MV_TO_ARRAY", "on a string: a one-element array, NULL for NULL"),
            java.util.Map.entry("MV_LENGTH", "on a string: 1, NULL for NULL"),
            java.util.Map.entry("MV_TO_STRING", "on a string: the string"),
            java.util.Map.entry("MV_FILTER_ONLY", "on a string: the string when the array holds it, else NULL"),
            java.util.Map.entry("MV_FILTER_NONE", "on a string: the string when the array does not hold it, else NULL"),
            java.util.Map.entry("MV_FILTER_PREFIX", "on a string: the string when it starts with the prefix, else NULL"),
            java.util.Map.entry("MV_FILTER_REGEX", "on a string: the string when the pattern matches, else NULL"),
            java.util.Map.entry("ARRAY_CONTAINS", "`list_has_all` (array) or `list_contains` (scalar)"),
            java.util.Map.entry("ARRAY_OVERLAP", "`list_has_any`"),
            java.util.Map.entry("ARRAY_LENGTH", "`len`"),
            java.util.Map.entry("ARRAY_OFFSET", "`array[i + 1]` (0-based)"),
            java.util.Map.entry("ARRAY_ORDINAL", "`array[i]` (1-based)"),
            java.util.Map.entry("ARRAY_TO_STRING", "`array_to_string`"),
            java.util.Map.entry("ARRAY_PREPEND", "`list_prepend`"),
            java.util.Map.entry("ARRAY_APPEND", "`list_append`"),
            java.util.Map.entry("ARRAY_CONCAT", "`list_concat`"),
            java.util.Map.entry("STRING_TO_ARRAY", "`string_split_regex`"));

    private final TableResolver tables;
    private final ZoneId zone;

    DruidFunctions(TableResolver tables, ZoneId zone)
    {
        this.tables = requireNonNull(tables, "tables is null");
        this.zone = requireNonNull(zone, "zone is null");
    }

    /** What the function becomes, for {@code docs/sql.md}. */
    static String describe(String name)
    {
        String description = DESCRIPTIONS.get(name);
        if (description != null) {
            return description;
        }
        if (name.startsWith("BITWISE_")) {
            return "DuckDB's bit operators (`&`, `|`, `xor`, `~`, `<<`, `>>`)";
        }
        throw new IllegalArgumentException("No description for " + name);
    }

    SqlNode rewrite(String name, SqlCall call)
    {
        List<SqlNode> args = call.getOperandList();
        int n = args.size();
        return switch (name) {
            case "SAFE_DIVIDE" -> template(call, 2, 2, "CASE WHEN {1} = 0 THEN NULL ELSE {0} / {1} END");
            case "DIV" -> template(call, 2, 2, "{0} // {1}");
            case "EARLIEST" -> template(call, 1, 2, "arg_min_null({0}, \"__time\")");
            case "LATEST" -> template(call, 1, 2, "arg_max_null({0}, \"__time\")");
            // the cast refuses a number as the time (Druid: "Cannot apply 'EARLIEST_BY' to arguments of type (<FLOAT>, <BIGINT>)")
            case "EARLIEST_BY" -> template(call, 2, 3, "arg_min_null({0}, CAST({1} AS TIMESTAMP))");
            case "LATEST_BY" -> template(call, 2, 3, "arg_max_null({0}, CAST({1} AS TIMESTAMP))");
            case "MILLIS_TO_TIMESTAMP" -> template(call, 1, 1, "epoch_ms(CAST({0} AS BIGINT))");
            // Druid's SUBSTRING gives NULL, not '', when nothing is left
            case "SUBSTRING", "SUBSTR" -> n == 2 ? template(call, 2, 2, "nullif(substring({0}, {1}), '')")
                    : template(call, 3, 3, "nullif(substring({0}, {1}, {2}), '')");
            case "ANY_VALUE" -> template(call, 1, 2, "first({0})");
            case "STRING_AGG", "LISTAGG" -> isDistinct(call)
                    ? template(call, 2, 3, "string_agg(DISTINCT CAST({0} AS VARCHAR), {1} ORDER BY CAST({0} AS VARCHAR))")
                    : template(call, 2, 3, "string_agg(CAST({0} AS VARCHAR), {1})");
            case "ARRAY_AGG" -> isDistinct(call) ? template(call, 1, 2, "list(DISTINCT {0} ORDER BY {0})") : template(call, 1, 2, "list({0})");
            case "TIMESTAMPADD" -> template(call, 3, 3, "{2} + CAST({1} AS BIGINT) * INTERVAL '" + intervalOf(unit(call, args.get(0))) + "'");
            case "TIMESTAMPDIFF" -> template(call, 3, 3, "date_sub('" + unit(call, args.get(0)).name().toLowerCase(Locale.ROOT) + "', {1}, {2})");
            case "TIME_SHIFT" -> {
                ZoneId shiftZone = zoneOf(call, 3);
                yield template(call, 3, 4, SqlTimeZone.fromLocal(shiftZone, SqlTimeZone.toLocal(shiftZone, "{0}") + " + CAST({2} AS BIGINT) * INTERVAL '"
                        + period(call, 1).duckDbInterval() + "'"));
            }
            case "TIME_CEIL" -> {
                ZoneId ceilZone = zoneOf(call, 3);
                if (n >= 3 && !isNull(args.get(2))) {
                    throw SqlBinder.invalid(args.get(2), GroveErrorCode.SQL_UNSUPPORTED, "TIME_CEIL with an origin is not supported yet");
                }
                IsoPeriod period = period(call, 1);
                String origin = period.isWeeks() ? "TIMESTAMP '1970-01-05 00:00:00'" : "TIMESTAMP '1970-01-01 00:00:00'";
                String local = SqlTimeZone.toLocal(ceilZone, "{0}");
                String floor = "time_bucket(INTERVAL '" + period.duckDbInterval() + "', " + local + ", " + origin + ")";
                yield template(call, 2, 4, SqlTimeZone.fromLocal(ceilZone, "CASE WHEN " + floor + " = " + local + " THEN " + floor + " ELSE " + floor
                        + " + INTERVAL '" + period.duckDbInterval() + "' END"));
            }
            case "TIME_EXTRACT" -> {
                ZoneId extractZone = zoneOf(call, 2);
                String unit = n >= 2 ? string(args.get(1), "TIME_EXTRACT unit").toUpperCase(Locale.ROOT) : "MILLISECOND";
                yield template(call, 1, 3, extract(call, unit, SqlTimeZone.toLocal(extractZone, "{0}")));
            }
            case "EXTRACT" -> {
                SqlIntervalQualifier qualifier = (SqlIntervalQualifier) args.get(0);
                yield template(call, 2, 2, extract(call, qualifier.timeUnitRange.name(), SqlTimeZone.toLocal(zone, "{1}")));
            }
            default -> rewriteTime(name, call);
        };
    }

    private SqlNode rewriteTime(String name, SqlCall call)
    {
        List<SqlNode> args = call.getOperandList();
        int n = args.size();
        return switch (name) {
            case "TIME_PARSE" -> {
                ZoneId parseZone = zoneOf(call, 2);
                if (n == 1 || isNull(args.get(1))) {
                    yield template(call, 1, 3, SqlTimeZone.isUtc(parseZone) ? "TRY_CAST(TRY_CAST(replace({0}, ' ', 'T') AS TIMESTAMPTZ) AS TIMESTAMP)"
                            : SqlTimeZone.fromLocal(parseZone, "TRY_CAST(replace({0}, ' ', 'T') AS TIMESTAMP)"));
                }
                yield template(call, 2, 3, SqlTimeZone.fromLocal(parseZone, "try_strptime({0}, '" + format(call, 1) + "')"));
            }
            case "TIME_FORMAT" -> {
                ZoneId formatZone = zoneOf(call, 2);
                if ((n < 2 || isNull(args.get(1))) && !SqlTimeZone.isUtc(formatZone)) {
                    throw SqlBinder.invalid(call, GroveErrorCode.SQL_UNSUPPORTED, "TIME_FORMAT without a format in a time zone other than UTC is not supported yet; give a format");
                }
                String format = n >= 2 && !isNull(args.get(1)) ? format(call, 1) : JodaFormat.ISO_OUTPUT;
                yield template(call, 1, 3, "strftime(" + SqlTimeZone.toLocal(formatZone, "{0}") + ", '" + format + "')");
            }
            case "TIME_IN_INTERVAL" -> {
                IsoInterval interval;
                try {
                    interval = IsoInterval.parse(string(args.get(1), "TIME_IN_INTERVAL interval"), zone);
                }
                catch (IllegalArgumentException e) {
                    throw SqlBinder.invalid(args.get(1), GroveErrorCode.SQL_VALIDATION_ERROR, "TIME_IN_INTERVAL: " + e.getMessage());
                }
                yield template(call, 2, 2, "{0} >= " + timestamp(interval.start()) + " AND {0} < " + timestamp(interval.end()));
            }
            case "REGEXP_EXTRACT", "REGEXP_LIKE" -> {
                if (n >= 2 && isNull(args.get(1))) {
                    throw SqlBinder.invalid(args.get(1), GroveErrorCode.SQL_VALIDATION_ERROR, "Illegal use of 'NULL': " + name + " needs a pattern");
                }
                yield name.equals("REGEXP_LIKE") ? template(call, 2, 2, "regexp_matches({0}, {1})") : regexpExtract(call);
            }
            default -> rewriteOther(name, call);
        };
    }

    private static SqlNode regexpExtract(SqlCall call)
    {
        return call.operandCount() == 3
                ? template(call, 3, 3, "CASE WHEN regexp_matches({0}, {1}) THEN regexp_extract({0}, {1}, {2}) END")
                : template(call, 2, 2, "CASE WHEN regexp_matches({0}, {1}) THEN regexp_extract({0}, {1}) END");
    }

    private SqlNode rewriteOther(String name, SqlCall call)
    {
        List<SqlNode> args = call.getOperandList();
        int n = args.size();
        return switch (name) {
            case "CONTAINS_STRING" -> template(call, 2, 2, "contains({0}, {1})");
            case "ICONTAINS_STRING" -> template(call, 2, 2, "contains(lower({0}), lower({1}))");
            case "PARSE_LONG" -> parseLong(call);
            case "BTRIM" -> n == 1 ? template(call, 1, 1, "trim({0})") : template(call, 2, 2, "trim({0}, {1})");
            // DuckDB's lpad takes an INTEGER length, and Druid's lengths are BIGINT (CHAR_LENGTH, casts): narrow it
            case "LPAD", "RPAD" -> n == 2 ? template(call, 2, 2, name.toLowerCase(Locale.ROOT) + "({0}, CAST({1} AS INTEGER), ' ')")
                    : template(call, 3, 3, name.toLowerCase(Locale.ROOT) + "({0}, CAST({1} AS INTEGER), {2})");
            case "DECODE_BASE64_UTF8" -> template(call, 1, 1, "decode(from_base64({0}))");
            case "BITWISE_AND" -> template(call, 2, 2, "{0} & {1}");
            case "BITWISE_OR" -> template(call, 2, 2, "{0} | {1}");
            case "BITWISE_XOR" -> template(call, 2, 2, "xor({0}, {1})");
            case "BITWISE_COMPLEMENT" -> template(call, 1, 1, "~{0}");
            case "BITWISE_SHIFT_LEFT" -> template(call, 2, 2, "{0} << {1}");
            case "BITWISE_SHIFT_RIGHT" -> template(call, 2, 2, "{0} >> {1}");
            case "CONCAT", "TEXTCAT" -> concat(call);
            case "NVL2" -> template(call, 3, 3, "CASE WHEN {0} IS NOT NULL THEN {1} ELSE {2} END");
            case "LOG" -> template(call, 1, 1, "ln({0})");
            case "CAST" -> cast(call);
            case "LOOKUP" -> lookup(call);
            case "SCALAR_IN_ARRAY" -> template(call, 2, 2, "list_contains({1}, {0})");
            // Grove's strings are single-valued: to Druid's MV functions a string is a one-value MV, NULL an empty one
            case "MV_CONTAINS" -> isArray(args.get(1)) ? template(call, 2, 2, "COALESCE(list_has_all([{0}], {1}), false)")
                    : template(call, 2, 2, "COALESCE({0} = {1}, false)");
            case "MV_OVERLAP" -> template(call, 2, 2, "COALESCE(list_contains({1}, {0}), false)");
            case "MV_TO_ARRAY" -> template(call, 1, 1, "CASE WHEN {0} IS NULL THEN NULL ELSE [CAST({0} AS VARCHAR)] END");
            case "MV_LENGTH" -> template(call, 1, 1, "CASE WHEN {0} IS NULL THEN NULL ELSE 1 END");
            case "MV_TO_STRING" -> template(call, 2, 2, "CAST({0} AS VARCHAR)");
            case "MV_FILTER_ONLY" -> template(call, 2, 2, "CASE WHEN list_contains({1}, {0}) THEN {0} END");
            case "MV_FILTER_NONE" -> template(call, 2, 2, "CASE WHEN NOT COALESCE(list_contains({1}, {0}), false) THEN {0} END");
            case "MV_FILTER_PREFIX" -> template(call, 2, 2, "CASE WHEN starts_with({0}, {1}) THEN {0} END");
            case "MV_FILTER_REGEX" -> template(call, 2, 2, "CASE WHEN regexp_matches({0}, {1}) THEN {0} END");
            case "ARRAY_CONTAINS" -> isArray(args.get(1)) ? template(call, 2, 2, "list_has_all({0}, {1})") : template(call, 2, 2, "list_contains({0}, {1})");
            case "ARRAY_OVERLAP" -> template(call, 2, 2, "list_has_any({0}, {1})");
            case "ARRAY_LENGTH" -> template(call, 1, 1, "len({0})");
            case "ARRAY_OFFSET" -> template(call, 2, 2, "{0}[{1} + 1]");
            case "ARRAY_ORDINAL" -> template(call, 2, 2, "{0}[{1}]");
            case "ARRAY_TO_STRING" -> template(call, 2, 2, "array_to_string({0}, {1})");
            case "ARRAY_PREPEND" -> template(call, 2, 2, "list_prepend({0}, {1})");
            case "ARRAY_APPEND" -> template(call, 2, 2, "list_append({0}, {1})");
            case "ARRAY_CONCAT" -> template(call, 2, 2, "list_concat({0}, {1})");
            case "STRING_TO_ARRAY" -> template(call, 2, 2, "string_split_regex({0}, {1})");
            default -> throw new IllegalArgumentException("No rewrite for " + name);
        };
    }

    private static SqlNode template(SqlCall call, int min, int max, String template)
    {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        int count = call.operandCount();
        if (count < min || count > max) {
            String expected = min == max ? String.valueOf(min) : min + " to " + max;
            throw SqlBinder.invalid(call, GroveErrorCode.SQL_VALIDATION_ERROR, "Invalid number of arguments to function '" + name + "'. Was expecting " + expected
                    + " arguments, got " + count);
        }
        return new DuckDbFunctions.Template(name, template).createCall(call.getFunctionQuantifier(), call.getParserPosition(), call.getOperandList().toArray(SqlNode[]::new));
    }

    private static boolean isDistinct(SqlCall call)
    {
        return call.getFunctionQuantifier() != null && "DISTINCT".equalsIgnoreCase(call.getFunctionQuantifier().toValue());
    }

    private static boolean isArray(SqlNode node)
    {
        if (node.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR) {
            return true;
        }
        return node instanceof SqlCall call && call.getOperator().getName().toUpperCase(Locale.ROOT).startsWith("ARRAY");
    }

    private static SqlNode concat(SqlCall call)
    {
        if (call.operandCount() == 0) {
            throw SqlBinder.invalid(call, GroveErrorCode.SQL_VALIDATION_ERROR, "CONCAT needs at least one argument");
        }
        // Druid: any NULL argument makes the result NULL, which DuckDB's || does (its concat() skips NULLs)
        StringJoiner parts = new StringJoiner(" || ");
        for (int i = 0; i < call.operandCount(); i++) {
            parts.add("CAST({" + i + "} AS VARCHAR)");
        }
        return template(call, 1, Integer.MAX_VALUE, parts.toString());
    }

    /** Druid's casts never fail: a string that is not a number or time becomes NULL. */
    private static SqlNode cast(SqlCall call)
    {
        String type = call.operand(1).toString().toUpperCase(Locale.ROOT);
        // a string literal that does not convert is a mistake in the query (Druid fails it while planning)
        if (type.startsWith("VARCHAR") || type.startsWith("CHAR") || call.operand(0) instanceof SqlCharStringLiteral) {
            return call;
        }
        return new DuckDbFunctions.Template("CAST", "TRY_CAST({0} AS " + duckDbType(call, type) + ")")
                .createCall(null, call.getParserPosition(), call.getOperandList().toArray(SqlNode[]::new));
    }

    private static String duckDbType(SqlCall call, String type)
    {
        return switch (type.replaceAll("\\(.*", "").trim()) {
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT" -> "BIGINT";
            case "DOUBLE", "DECIMAL", "NUMERIC", "REAL", "DOUBLE PRECISION" -> "DOUBLE";
            case "FLOAT" -> "FLOAT";
            case "BOOLEAN" -> "BOOLEAN";
            case "TIMESTAMP" -> "TIMESTAMP";
            case "DATE" -> "DATE";
            default -> throw SqlBinder.invalid(call, GroveErrorCode.SQL_UNSUPPORTED, "CAST to " + type + " is not supported");
        };
    }

    private SqlNode lookup(SqlCall call)
    {
        if (call.operandCount() < 2 || call.operandCount() > 3) {
            throw SqlBinder.invalid(call, GroveErrorCode.SQL_VALIDATION_ERROR, "LOOKUP takes (expression, 'lookupName'[, replaceMissingValueWith])");
        }
        String name = string(call.operand(1), "LOOKUP name");
        String table = tables.lookupTable(name).orElseThrow(() -> SqlBinder.invalid(call.operand(1), GroveErrorCode.SQL_VALIDATION_ERROR,
                "Lookup [" + name + "] not found; GET /druid/coordinator/v1/lookups/config/__default lists the lookups"));
        String value = "(SELECT \"v\" FROM " + quote(table) + " WHERE \"k\" = CAST({0} AS VARCHAR))";
        if (call.operandCount() == 3 && !isNull(call.operand(2))) {
            return template(call, 3, 3, "COALESCE(" + value + ", CAST({2} AS VARCHAR))");
        }
        return template(call, 2, 3, value);
    }

    private static SqlNode parseLong(SqlCall call)
    {
        if (call.operandCount() == 1) {
            return template(call, 1, 1, "CASE WHEN regexp_full_match({0}, '[+-]?[0-9]+') THEN TRY_CAST({0} AS BIGINT) END");
        }
        SqlNode radix = call.operand(1);
        String digits = radix instanceof SqlLiteral literal && literal.getTypeName() != SqlTypeName.NULL ? literal.toValue() : "";
        return switch (digits) {
            case "10" -> template(call, 2, 2, "CASE WHEN regexp_full_match({0}, '[+-]?[0-9]+') THEN TRY_CAST({0} AS BIGINT) END");
            case "16" -> template(call, 2, 2, "CASE WHEN regexp_full_match({0}, '[0-9a-fA-F]+') THEN TRY_CAST('0x' || {0} AS BIGINT) END");
            case "2" -> template(call, 2, 2, "CASE WHEN regexp_full_match({0}, '[01]+') THEN TRY_CAST('0b' || {0} AS BIGINT) END");
            default -> throw SqlBinder.invalid(radix, GroveErrorCode.SQL_UNSUPPORTED, "PARSE_LONG supports radix 2, 10 and 16 (as a literal)");
        };
    }

    /** A Druid time unit as DuckDB's date_part expression over {@code value}. */
    private static String extract(SqlCall call, String unit, String value)
    {
        return switch (unit) {
            case "EPOCH" -> "CAST(floor(epoch(" + value + ")) AS BIGINT)";
            case "MILLISECOND" -> "(date_part('millisecond', " + value + ") % 1000)";
            case "MICROSECOND" -> "(date_part('microsecond', " + value + ") % 1000000)";
            case "SECOND", "MINUTE", "HOUR", "DAY", "MONTH", "QUARTER", "YEAR", "WEEK", "DOY", "ISOYEAR", "DECADE", "CENTURY", "MILLENNIUM" ->
                    "date_part('" + unit.toLowerCase(Locale.ROOT) + "', " + value + ")";
            // Druid's day of week is ISO: Monday 1 ... Sunday 7
            case "DOW", "ISODOW" -> "date_part('isodow', " + value + ")";
            default -> throw SqlBinder.invalid(call, GroveErrorCode.SQL_VALIDATION_ERROR, "Unknown time unit '" + unit + "'");
        };
    }

    private static TimeUnit unit(SqlCall call, SqlNode node)
    {
        if (node instanceof SqlIntervalQualifier qualifier) {
            return qualifier.timeUnitRange.startUnit;
        }
        if (node instanceof SqlLiteral literal && literal.getValue() instanceof Enum<?> value) {
            try {
                return TimeUnit.valueOf(value.name());
            }
            catch (IllegalArgumentException e) {
                // falls through to the error below
            }
        }
        if (node instanceof org.apache.calcite.sql.SqlIdentifier identifier && identifier.isSimple()) {
            try {
                return TimeUnit.valueOf(identifier.getSimple().toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                // falls through to the error below
            }
        }
        throw SqlBinder.invalid(call, GroveErrorCode.SQL_VALIDATION_ERROR, "Unknown time unit " + node);
    }

    private static String intervalOf(TimeUnit unit)
    {
        return switch (unit) {
            case WEEK -> "7 days";
            case QUARTER -> "3 months";
            case MILLISECOND -> "1 milliseconds";
            case MICROSECOND -> "1 microseconds";
            case SECOND, MINUTE, HOUR, DAY, MONTH, YEAR -> "1 " + unit.name().toLowerCase(Locale.ROOT) + "s";
            default -> throw new IllegalArgumentException("Unsupported unit " + unit);
        };
    }

    private static IsoPeriod period(SqlCall call, int operand)
    {
        SqlNode node = call.operand(operand);
        try {
            return IsoPeriod.parse(string(node, call.getOperator().getName() + " period"));
        }
        catch (IllegalArgumentException e) {
            throw SqlBinder.invalid(node, GroveErrorCode.SQL_VALIDATION_ERROR, e.getMessage());
        }
    }

    private static String format(SqlCall call, int operand)
    {
        SqlNode node = call.operand(operand);
        try {
            String format = JodaFormat.toStrftime(string(node, call.getOperator().getName() + " format")).replace("'", "''");
            if (format.contains("{") || format.contains("}")) {
                throw new IllegalArgumentException("Time formats with '{' or '}' are not supported");
            }
            return format;
        }
        catch (IllegalArgumentException e) {
            throw SqlBinder.invalid(node, GroveErrorCode.SQL_UNSUPPORTED, e.getMessage());
        }
    }

    /** The time zone argument at {@code operand} when there is one, else the session's. */
    private ZoneId zoneOf(SqlCall call, int operand)
    {
        if (call.operandCount() > operand && !isNull(call.operand(operand))) {
            try {
                return SqlTimeZone.parse(string(call.operand(operand), call.getOperator().getName() + " time zone"));
            }
            catch (IllegalArgumentException e) {
                throw SqlBinder.invalid(call.operand(operand), GroveErrorCode.SQL_VALIDATION_ERROR, e.getMessage());
            }
        }
        return zone;
    }

    static String timestamp(LocalDateTime time)
    {
        return "TIMESTAMP '" + TIMESTAMP.format(time) + "'";
    }

    static String string(SqlNode node, String what)
    {
        if (node instanceof SqlCharStringLiteral literal) {
            return literal.getValueAs(String.class);
        }
        if (node instanceof SqlCall cast && cast.getKind() == SqlKind.CAST && cast.operand(0) instanceof SqlCharStringLiteral literal) {
            // CAST('...' AS VARCHAR) is still the literal
            return literal.getValueAs(String.class);
        }
        throw SqlBinder.invalid(node, GroveErrorCode.SQL_VALIDATION_ERROR, what + " must be a string literal");
    }

    static boolean isNull(SqlNode node)
    {
        return node instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL;
    }

    private static String quote(String identifier)
    {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
