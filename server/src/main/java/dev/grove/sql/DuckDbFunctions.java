package dev.grove.sql;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.type.ReturnTypes;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * DuckDB SQL text with operand holes: {@code {0}}, {@code {1}}, ... print that operand in
     * parentheses, and {@code {D}} prints {@code DISTINCT } when the call was {@code AGG(DISTINCT ...)}.
     * The text is Grove's own (never user text); operands are unparsed as usual.
     */
    static final class Template
            extends SqlFunction
    {
        private static final int DISTINCT = -1;

        private final List<Object> parts;
        /** A function call's shape needs no parentheses of its own (and an aggregate must not have them, for FILTER and OVER). */
        private final boolean wrap;

        Template(String name, String template)
        {
            super(name, SqlKind.OTHER_FUNCTION, ReturnTypes.ARG0, null, null, SqlFunctionCategory.SYSTEM);
            this.parts = parse(template);
            this.wrap = !template.matches("[a-z_]+\\(.*\\)") || template.indexOf(')') != template.length() - 1 && !balancedCall(template);
        }

        /** Whether the template is one call {@code f(...)} whose first '(' closes at the very end. */
        private static boolean balancedCall(String template)
        {
            int depth = 0;
            for (int i = template.indexOf('('); i < template.length(); i++) {
                char c = template.charAt(i);
                if (c == '(') {
                    depth++;
                }
                else if (c == ')' && --depth == 0) {
                    return i == template.length() - 1;
                }
                else if (c == '\'') {
                    i = template.indexOf('\'', i + 1);
                    if (i < 0) {
                        return false;
                    }
                }
            }
            return false;
        }

        private static List<Object> parse(String template)
        {
            List<Object> parts = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < template.length(); i++) {
                char c = template.charAt(i);
                int close = c == '{' ? template.indexOf('}', i) : -1;
                if (close > i && template.substring(i + 1, close).matches("D|[0-9]{1,3}")) {
                    String hole = template.substring(i + 1, close);
                    if (!text.isEmpty()) {
                        parts.add(text.toString());
                        text.setLength(0);
                    }
                    parts.add(hole.equals("D") ? DISTINCT : Integer.parseInt(hole));
                    i = close;
                }
                else {
                    text.append(c);
                }
            }
            if (!text.isEmpty()) {
                parts.add(text.toString());
            }
            return List.copyOf(parts);
        }

        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec)
        {
            SqlWriter.Frame frame = wrap ? writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "(", ")") : writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "", "");
            for (Object part : parts) {
                if (part instanceof String text) {
                    writer.print(text);
                    writer.setNeedWhitespace(false);
                }
                else if ((Integer) part == DISTINCT) {
                    SqlLiteral quantifier = call.getFunctionQuantifier();
                    if (quantifier != null && "DISTINCT".equalsIgnoreCase(quantifier.toValue())) {
                        writer.print("DISTINCT ");
                        writer.setNeedWhitespace(false);
                    }
                }
                else {
                    writer.print("(");
                    writer.setNeedWhitespace(false);
                    call.operand((Integer) part).unparse(writer, 0, 0);
                    writer.print(")");
                    writer.setNeedWhitespace(false);
                }
            }
            writer.endList(frame);
        }
    }
}
