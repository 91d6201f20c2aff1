package dev.grove.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
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
}
