package dev.grove.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.ReturnTypes;

/**
 * Operators that exist only in the rewritten tree and unparse as DuckDB SQL.
 */
final class DuckDbFunctions
{
    private DuckDbFunctions() {}

    /** {@code name(arg, ...)} with a DuckDB function name. */
    static final class Renamed
            extends SqlFunction
    {
        Renamed(String duckDbName)
        {
            super(duckDbName, SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0, null, null, SqlFunctionCategory.SYSTEM);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec)
        {
            writer.print(getName());
            SqlWriter.Frame frame = writer.startList("(", ")");
            for (SqlNode operand : call.getOperandList()) {
                writer.sep(",");
                operand.unparse(writer, 0, 0);
            }
            writer.endList(frame);
        }
    }

    /** {@code time_bucket(INTERVAL '<interval>', ts, TIMESTAMP '<origin>')}; operands: interval text, ts, origin text. */
    static final class TimeBucket
            extends SqlFunction
    {
        static final TimeBucket INSTANCE = new TimeBucket();

        private TimeBucket()
        {
            super("time_bucket", SqlKind.OTHER_FUNCTION, ReturnTypes.ARG1, null, null, SqlFunctionCategory.TIMEDATE);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec)
        {
            writer.print("time_bucket");
            SqlWriter.Frame frame = writer.startList("(", ")");
            writer.sep(",");
            writer.print("INTERVAL " + quote(text(call.operand(0))));
            writer.sep(",");
            call.operand(1).unparse(writer, 0, 0);
            writer.sep(",");
            writer.print("TIMESTAMP " + quote(text(call.operand(2))));
            writer.endList(frame);
        }
    }

    /** {@code date_trunc('<unit>', ts)}; operands: unit text, ts. */
    static final class DateTrunc
            extends SqlFunction
    {
        static final DateTrunc INSTANCE = new DateTrunc();

        private DateTrunc()
        {
            super("date_trunc", SqlKind.OTHER_FUNCTION, ReturnTypes.ARG1, null, null, SqlFunctionCategory.TIMEDATE);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec)
        {
            writer.print("date_trunc");
            SqlWriter.Frame frame = writer.startList("(", ")");
            writer.sep(",");
            writer.print(quote(text(call.operand(0))));
            writer.sep(",");
            call.operand(1).unparse(writer, 0, 0);
            writer.endList(frame);
        }
    }

    static String text(SqlNode literal)
    {
        return ((SqlLiteral) literal).getValueAs(String.class);
    }

    static String quote(String text)
    {
        return '\'' + text.replace("'", "''") + '\'';
    }
}
