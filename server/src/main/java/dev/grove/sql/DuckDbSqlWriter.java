package dev.grove.sql;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.SqlException;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Turns a bound Druid SQL tree into DuckDB SQL text: Druid functions become their DuckDB equivalents
 * ({@link FunctionRule}), {@code CURRENT_TIMESTAMP} becomes the planning time as a literal, and the
 * tree is unparsed in a PostgreSQL-like dialect (which DuckDB reads) with every identifier quoted.
 *
 * <p>Immutable and thread-safe.
 */
final class DuckDbSqlWriter
{
    private static final SqlDialect DIALECT = new PostgresqlSqlDialect(PostgresqlSqlDialect.DEFAULT_CONTEXT)
    {
        @Override
        public void unparseOffsetFetch(SqlWriter writer, SqlNode offset, SqlNode fetch)
        {
            unparseFetchUsingLimit(writer, offset, fetch);
        }

        /** DuckDB's plain string: the decoded value with quotes doubled (no U&'' or _charset prefixes, which DuckDB does not read). */
        @Override
        public void quoteStringLiteral(StringBuilder buf, String charsetName, String val)
        {
            buf.append('\'').append(val.replace("'", "''")).append('\'');
        }
    };
    /** Druid weeks start on Monday; 1970-01-05 is the first Monday after the epoch. */
    private static final long FIRST_MONDAY_MILLIS = 4 * 86_400_000L;
    private static final SqlFunction TIME_BUCKET = new DuckDbFunctions.Renamed("time_bucket");
    private static final SqlFunction DATE_TRUNC = new DuckDbFunctions.Renamed("date_trunc");

    private final Instant now;
    private final ZoneId zone;
    private final DruidFunctions functions;
    private final ColumnTypes types;

    DuckDbSqlWriter(Instant now, ZoneId zone, TableResolver tables, ColumnTypes types)
    {
        this.now = requireNonNull(now, "now is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.functions = new DruidFunctions(tables, zone);
        this.types = requireNonNull(types, "types is null");
    }

    String write(SqlNode bound)
    {
        SqlNode rewritten = bound.accept(new Rewriter());
        try {
            return rewritten.toSqlString(config -> config.withDialect(DIALECT).withQuoteAllIdentifiers(true)).getSql();
        }
        catch (AssertionError | UnsupportedOperationException e) {
            // Calcite cannot write this construct in the engine's dialect
            throw new SqlException(GroveErrorCode.SQL_UNSUPPORTED, "This query uses SQL that Grove cannot run yet; rewrite it with plain SELECT, JOIN, GROUP BY and the documented functions");
        }
    }

    private final class Rewriter
            extends SqlShuttle
    {
        @Override
        public SqlNode visit(SqlLiteral literal)
        {
            if (literal instanceof SqlCharStringLiteral text && text.getValueAs(String.class).indexOf('\0') >= 0) {
                throw SqlBinder.invalid(literal, GroveErrorCode.SQL_VALIDATION_ERROR, "String literal contains a NUL character (U&'\\0000'), which Grove cannot store or compare; remove it");
            }
            if (!SqlTimeZone.isUtc(zone) && literal instanceof SqlUnknownLiteral typed && typed.tag.equalsIgnoreCase("TIMESTAMP")) {
                // a TIMESTAMP literal is a wall-clock time in the session time zone
                try {
                    LocalDateTime local = IsoInterval.zoned(typed.getValue().trim(), ZoneOffset.UTC).toLocalDateTime();
                    String utc = DruidFunctions.timestamp(SqlTimeZone.localToUtc(zone, local));
                    return new DuckDbFunctions.Template("TIMESTAMP", utc).createCall(literal.getParserPosition());
                }
                catch (IllegalArgumentException e) {
                    throw SqlBinder.invalid(literal, GroveErrorCode.SQL_VALIDATION_ERROR, "Illegal TIMESTAMP literal '" + typed.getValue() + "': " + e.getMessage());
                }
            }
            return literal;
        }

        @Override
        public SqlNode visit(SqlIdentifier identifier)
        {
            // Calcite parses niladic functions (CURRENT_TIMESTAMP without parentheses) as identifiers
            if (identifier.isSimple() && FunctionRule.forName(identifier.getSimple()).orElse(null) == FunctionRule.PLANNING_TIME) {
                return planningTime(identifier.getSimple(), identifier.getParserPosition());
            }
            return identifier;
        }

        @Override
        public SqlNode visit(SqlCall call)
        {
            if (call.getKind() == SqlKind.TIMES || call.getKind() == SqlKind.PLUS || call.getKind() == SqlKind.MINUS) {
                return bigintArithmetic((SqlCall) super.visit(call));
            }
            if (call.isA(SqlKind.BINARY_COMPARISON) && call.operandCount() == 2) {
                ColumnTypes.Kind left = types.kind(call.operand(0));
                ColumnTypes.Kind right = types.kind(call.operand(1));
                return implicitCast(timeComparison((SqlCall) super.visit(call)), left, right);
            }
            if ((call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN) && call.operandCount() == 2 && call.operand(1).isA(SqlKind.QUERY)) {
                ColumnTypes.Kind left = types.kind(call.operand(0));
                ColumnTypes.Kind right = types.kind(call.operand(1));
                return implicitCast((SqlCall) super.visit(call), left, right);
            }
            if (call.getOperator() instanceof SqlFunction function) {
                FunctionRule rule = FunctionRule.forName(function.getName()).orElse(FunctionRule.SAME);
                switch (rule) {
                    case SAME -> {
                        return super.visit(call);
                    }
                    case RENAMED -> {
                        SqlCall copy = (SqlCall) super.visit(call);
                        return new DuckDbFunctions.Renamed(FunctionRule.duckDbName(function.getName()))
                                .createCall(copy.getFunctionQuantifier(), copy.getParserPosition(), copy.getOperandList().toArray(SqlNode[]::new));
                    }
                    case TIME_FLOOR -> {
                        return timeFloor((SqlCall) super.visit(call));
                    }
                    case PLANNING_TIME -> {
                        if (call.operandCount() > 0 && call.operand(0) instanceof SqlLiteral precision && precision.intValue(true) > 3) {
                            throw SqlBinder.invalid(call, GroveErrorCode.SQL_VALIDATION_ERROR, function.getName() + " precision " + precision
                                    + " is greater than the maximum allowed 3 (milliseconds)");
                        }
                        return planningTime(function.getName(), call.getParserPosition());
                    }
                    case REWRITTEN -> {
                        return functions.rewrite(function.getName().toUpperCase(Locale.ROOT), (SqlCall) super.visit(call));
                    }
                    case FLOOR -> {
                        SqlCall copy = (SqlCall) super.visit(call);
                        if (copy.operandCount() == 2 && copy.operand(1) instanceof SqlIntervalQualifier unit && !SqlTimeZone.isUtc(zone)) {
                            String trunc = SqlTimeZone.fromLocal(zone, "date_trunc('" + truncUnit(unit) + "', " + SqlTimeZone.toLocal(zone, "{0}") + ")");
                            return new DuckDbFunctions.Template("FLOOR", trunc).createCall(copy.getParserPosition(), (SqlNode) copy.operand(0));
                        }
                        if (copy.operandCount() == 2 && copy.operand(1) instanceof SqlIntervalQualifier unit) {
                            return DATE_TRUNC.createCall(copy.getParserPosition(),
                                    SqlLiteral.createCharString(truncUnit(unit), copy.getParserPosition()), copy.operand(0));
                        }
                        return copy;
                    }
                }
            }
            return super.visit(call);
        }
    }

    /**
     * Druid evaluates integer arithmetic in BIGINT; DuckDB types an integer literal as the smallest type
     * that holds it (INTEGER), so {@code 1024*1024*1024*1024} would overflow. Integer literals in
     * arithmetic are made BIGINT.
     */
    private static SqlNode bigintArithmetic(SqlCall call)
    {
        for (int i = 0; i < call.operandCount(); i++) {
            if (call.operand(i) instanceof SqlNumericLiteral number && number.isExact() && number.getScale() != null && number.getScale() == 0) {
                call.setOperand(i, new DuckDbFunctions.Template("CAST", "CAST({0} AS BIGINT)").createCall(number.getParserPosition(), number));
            }
        }
        return call;
    }

    /**
     * Druid compares a string with a number by reading the string as a number, NULL when it is not one
     * ({@code dim1 = 0}, {@code m1 - 1 = dim1}, {@code 'A' NOT IN (SELECT m2 ...)}); DuckDB would fail
     * the whole query on the first string that does not convert.
     */
    private static SqlCall implicitCast(SqlCall call, ColumnTypes.Kind left, ColumnTypes.Kind right)
    {
        if (left == ColumnTypes.Kind.STRING && right == ColumnTypes.Kind.NUMBER) {
            call.setOperand(0, toNumber(call.operand(0)));
        }
        else if (left == ColumnTypes.Kind.NUMBER && right == ColumnTypes.Kind.STRING && !call.operand(1).isA(SqlKind.QUERY)) {
            call.setOperand(1, toNumber(call.operand(1)));
        }
        return call;
    }

    private static SqlNode toNumber(SqlNode node)
    {
        return new DuckDbFunctions.Template("TRY_CAST", "TRY_CAST({0} AS DOUBLE)").createCall(node.getParserPosition(), node);
    }

    /** Druid compares {@code __time} with a string by reading the string as an ISO-8601 time ({@code __time >= '1999'}). */
    private SqlCall timeComparison(SqlCall call)
    {
        for (int i = 0; i < 2; i++) {
            SqlNode other = call.operand(1 - i);
            if (call.operand(i) instanceof SqlCharStringLiteral text && other instanceof SqlIdentifier column
                    && column.names.get(column.names.size() - 1).equals("__time")) {
                try {
                    String time = DruidFunctions.timestamp(IsoInterval.zoned(text.getValueAs(String.class), zone)
                            .withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime());
                    call.setOperand(i, new DuckDbFunctions.Template("TIMESTAMP", time).createCall(text.getParserPosition()));
                }
                catch (IllegalArgumentException e) {
                    // not an ISO time: leave it to the engine's own conversion (and its error)
                }
            }
        }
        return call;
    }

    private SqlNode timeFloor(SqlCall call)
    {
        List<SqlNode> operands = call.getOperandList();
        if (operands.size() < 2 || operands.size() > 4) {
            throw SqlBinder.invalid(call, GroveErrorCode.SQL_VALIDATION_ERROR, "TIME_FLOOR takes (timestamp, period[, origin[, timezone]])");
        }
        String periodText = stringLiteral(operands.get(1), "TIME_FLOOR period");
        IsoPeriod period;
        try {
            period = IsoPeriod.parse(periodText);
        }
        catch (IllegalArgumentException e) {
            throw SqlBinder.invalid(operands.get(1), GroveErrorCode.SQL_VALIDATION_ERROR, e.getMessage());
        }
        long origin = period.isWeeks() ? FIRST_MONDAY_MILLIS : 0;
        if (operands.size() >= 3 && !isNullLiteral(operands.get(2))) {
            throw SqlBinder.invalid(operands.get(2), GroveErrorCode.SQL_UNSUPPORTED, "TIME_FLOOR with an origin is not supported yet");
        }
        ZoneId floorZone = zone;
        if (operands.size() == 4 && !isNullLiteral(operands.get(3))) {
            try {
                floorZone = SqlTimeZone.parse(stringLiteral(operands.get(3), "TIME_FLOOR time zone"));
            }
            catch (IllegalArgumentException e) {
                throw SqlBinder.invalid(operands.get(3), GroveErrorCode.SQL_VALIDATION_ERROR, e.getMessage());
            }
        }
        SqlParserPos pos = call.getParserPosition();
        if (!SqlTimeZone.isUtc(floorZone)) {
            // buckets on the zone's wall clock, so a day starts at local midnight whatever the DST offset
            String bucket = "time_bucket(INTERVAL '" + period.duckDbInterval() + "', " + SqlTimeZone.toLocal(floorZone, "{0}") + ", "
                    + DruidFunctions.timestamp(LocalDateTime.ofEpochSecond(origin / 1000, 0, ZoneOffset.UTC)) + ")";
            return new DuckDbFunctions.Template("TIME_FLOOR", SqlTimeZone.fromLocal(floorZone, bucket)).createCall(pos, operands.get(0));
        }
        // DuckDB casts the string literal to the INTERVAL time_bucket takes
        return TIME_BUCKET.createCall(pos, SqlLiteral.createCharString(period.duckDbInterval(), pos), operands.get(0),
                SqlLiteral.createTimestamp(SqlTypeName.TIMESTAMP, TimestampString.fromMillisSinceEpoch(origin), 0, pos));
    }

    private SqlNode planningTime(String name, SqlParserPos pos)
    {
        if (name.equalsIgnoreCase("CURRENT_DATE")) {
            LocalDate today = LocalDate.ofInstant(now, zone);
            return SqlLiteral.createDate(DateString.fromDaysSinceEpoch((int) today.toEpochDay()), pos);
        }
        return SqlLiteral.createTimestamp(SqlTypeName.TIMESTAMP, TimestampString.fromMillisSinceEpoch(now.toEpochMilli()), 3, pos);
    }

    private static String truncUnit(SqlIntervalQualifier qualifier)
    {
        TimeUnitRange range = qualifier.timeUnitRange;
        return switch (range) {
            case SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR -> range.name().toLowerCase(Locale.ROOT);
            default -> throw SqlBinder.invalid(qualifier, GroveErrorCode.SQL_UNSUPPORTED, "FLOOR(... TO " + range + ") is not supported");
        };
    }

    private static String stringLiteral(SqlNode node, String what)
    {
        if (node instanceof SqlCharStringLiteral literal) {
            return literal.getValueAs(String.class);
        }
        throw SqlBinder.invalid(node, GroveErrorCode.SQL_VALIDATION_ERROR, what + " must be a string literal");
    }

    private static boolean isNullLiteral(SqlNode node)
    {
        return node instanceof SqlLiteral literal && literal.getTypeName() == SqlTypeName.NULL;
    }
}
