package dev.grove.sql;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.NearestNames;
import dev.grove.error.SqlException;
import dev.grove.error.SqlPosition;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.Util;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Checks a parsed statement against what a caller may run and read: it must be a query; every table
 * must resolve through the {@link TableResolver} (or be a WITH name); table functions are refused;
 * every function must be one {@link FunctionRule} knows. Table references are rewritten in place to
 * the engine's table names. It also names the result columns the way Druid (Calcite) does.
 *
 * <p>Not thread-safe: one binder per statement.
 */
final class SqlBinder
{
    private final TableResolver tables;
    private final TablePolicy policy;
    private final Set<String> withNames = new HashSet<>();

    SqlBinder(TableResolver tables)
    {
        this(tables, TablePolicy.NONE);
    }

    SqlBinder(TableResolver tables, TablePolicy policy)
    {
        this.tables = requireNonNull(tables, "tables is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    /** Validates {@code statement}, rewriting its table references; returns the result column names (empty: use the engine's). */
    List<String> bind(SqlNode statement)
    {
        if (!statement.isA(SqlKind.QUERY)) {
            throw invalid(statement, GroveErrorCode.SQL_UNSUPPORTED, "Only queries (SELECT) are supported; " + statement.getKind() + " statements are not");
        }
        query(statement);
        return resultColumnNames(statement);
    }

    private void query(SqlNode node)
    {
        if (node instanceof SqlSelect select) {
            select(select);
        }
        else if (node instanceof SqlOrderBy orderBy) {
            query(orderBy.query);
            expressions(orderBy.orderList);
            expression(orderBy.offset);
            expression(orderBy.fetch);
        }
        else if (node instanceof SqlWith with) {
            // a WITH name hides a table only inside its own WITH: outside it, the same name is the table again
            Set<String> outer = Set.copyOf(withNames);
            for (SqlNode item : with.withList) {
                SqlWithItem withItem = (SqlWithItem) item;
                query(withItem.query);
                withNames.add(withItem.name.getSimple());
            }
            query(with.body);
            withNames.clear();
            withNames.addAll(outer);
        }
        else if (node.isA(SqlKind.SET_QUERY)) {
            for (SqlNode operand : ((SqlCall) node).getOperandList()) {
                query(operand);
            }
        }
        else if (node.getKind() == SqlKind.VALUES) {
            // the rows, not the VALUES call itself: the checker sends queries back here
            for (SqlNode row : ((SqlCall) node).getOperandList()) {
                expression(row);
            }
        }
        else {
            throw invalid(node, GroveErrorCode.SQL_UNSUPPORTED, node.getKind() + " is not supported here");
        }
    }

    private void select(SqlSelect select)
    {
        if (select.getFrom() != null) {
            select.setFrom(from(select.getFrom()));
        }
        expressions(select.getSelectList());
        expression(select.getWhere());
        expressions(select.getGroup());
        expression(select.getHaving());
        expressions(select.getWindowList());
        expression(select.getQualify());
        expressions(select.getOrderList());
        expression(select.getOffset());
        expression(select.getFetch());
    }

    /** Returns the FROM item with its table references resolved. */
    private SqlNode from(SqlNode node)
    {
        if (node instanceof SqlIdentifier identifier) {
            return table(identifier, true);
        }
        if (node instanceof SqlJoin join) {
            if (join.getJoinType() == JoinType.ASOF || join.getJoinType() == JoinType.LEFT_ASOF) {
                throw invalid(join, GroveErrorCode.SQL_UNSUPPORTED, "ASOF JOIN is not supported; Druid SQL has no ASOF JOIN. Use a regular JOIN with a time condition");
            }
            join.setLeft(from(join.getLeft()));
            join.setRight(from(join.getRight()));
            expression(join.getCondition());
            return join;
        }
        if (node.getKind() == SqlKind.AS) {
            SqlBasicCall as = (SqlBasicCall) node;
            SqlNode relation = as.operand(0);
            as.setOperand(0, relation instanceof SqlIdentifier identifier ? table(identifier, false) : from(relation));
            return as;
        }
        if (node.isA(SqlKind.QUERY)) {
            query(node);
            return node;
        }
        if (node.getKind() == SqlKind.COLLECTION_TABLE || node.getKind() == SqlKind.LATERAL) {
            throw invalid(node, GroveErrorCode.FORBIDDEN_SQL, "Table functions are not allowed; query datasources by name");
        }
        throw invalid(node, GroveErrorCode.SQL_UNSUPPORTED, node.getKind() + " is not supported in FROM");
    }

    /**
     * The table, resolved; or, when the caller's policy restricts it, the policy's query in its place,
     * named like the table ({@code needsAlias}) unless the reference already has an alias.
     */
    private SqlNode table(SqlIdentifier identifier, boolean needsAlias)
    {
        List<String> names = identifier.names;
        if (names.size() == 1 && withNames.contains(names.get(0))) {
            return identifier;
        }
        Optional<String> table = tables.resolve(names);
        if (table.isEmpty()) {
            throw invalid(identifier, GroveErrorCode.SQL_VALIDATION_ERROR, "Object '" + String.join(".", names) + "' not found");
        }
        Optional<String> restricted = policy.relation(table.get());
        if (restricted.isEmpty()) {
            return new SqlIdentifier(table.get(), identifier.getParserPosition());
        }
        SqlNode relation = DruidSqlParser.parse(restricted.get());
        // bound like any query (its functions checked, its table resolved), but never restricted twice
        new SqlBinder(name -> name.equals(List.of(table.get())) ? table : Optional.empty()).bind(relation);
        if (!needsAlias) {
            return relation;
        }
        SqlParserPos position = identifier.getParserPosition();
        return SqlStdOperatorTable.AS.createCall(position, relation, new SqlIdentifier(Util.last(names), position));
    }

    private void expressions(SqlNodeList list)
    {
        if (list != null) {
            for (SqlNode node : list) {
                expression(node);
            }
        }
    }

    private void expression(SqlNode node)
    {
        if (node != null) {
            node.accept(new ExpressionChecker());
        }
    }

    private final class ExpressionChecker
            extends SqlBasicVisitor<Void>
    {
        @Override
        public Void visit(SqlIdentifier identifier)
        {
            for (int i = 0; i < identifier.names.size(); i++) {
                if (!identifier.isComponentQuoted(i) && identifier.names.get(i).startsWith("$")) {
                    throw invalid(identifier, GroveErrorCode.SQL_PARSE_ERROR, "Incorrect syntax: '" + identifier.names.get(i)
                            + "' is not Druid SQL; dollar-quoted strings ($$...$$) are not supported, write strings in single quotes such as 'abc'");
                }
            }
            return null;
        }

        @Override
        public Void visit(SqlCall call)
        {
            if (call.isA(SqlKind.QUERY)) {
                query(call);
                return null;
            }
            if (call.getOperator() instanceof SqlFunction function) {
                String name = function.getName();
                if (FunctionRule.forName(name).isEmpty()) {
                    throw invalid(call, GroveErrorCode.SQL_VALIDATION_ERROR, unknownFunction(name));
                }
            }
            return super.visit(call);
        }
    }

    /** Druid's words, then what Grove can say on top: not supported yet (it is Druid's), or the nearest known name. */
    private static String unknownFunction(String name)
    {
        String message = "No match found for function signature " + name + "(...): ";
        String upper = name.toUpperCase(Locale.ROOT);
        if (SqlReference.NOT_YET_SUPPORTED.contains(upper)) {
            return message + "Druid's function '" + upper + "' is not supported by Grove yet; docs/sql.md lists what is";
        }
        return message + "unknown function '" + name + "'"
                + NearestNames.closest(name, FunctionRule.names()).map(nearest -> "; did you mean " + nearest + "?").orElse("");
    }

    /** Calcite's naming: an identifier keeps its last name, an alias its alias, anything else is EXPR$ordinal. */
    private static List<String> resultColumnNames(SqlNode statement)
    {
        SqlNode leading = statement;
        while (!(leading instanceof SqlSelect)) {
            if (leading instanceof SqlOrderBy orderBy) {
                leading = orderBy.query;
            }
            else if (leading instanceof SqlWith with) {
                leading = with.body;
            }
            else if (leading.isA(SqlKind.SET_QUERY)) {
                leading = ((SqlCall) leading).operand(0);
            }
            else {
                return List.of();
            }
        }
        List<String> names = new ArrayList<>();
        SqlNodeList selectList = ((SqlSelect) leading).getSelectList();
        for (int i = 0; i < selectList.size(); i++) {
            SqlNode item = selectList.get(i);
            if (item.getKind() == SqlKind.AS) {
                names.add(((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple());
            }
            else if (item instanceof SqlIdentifier identifier) {
                if (identifier.isStar()) {
                    return List.of();
                }
                names.add(identifier.names.get(identifier.names.size() - 1));
            }
            else {
                names.add("EXPR$" + i);
            }
        }
        return names;
    }

    static SqlException invalid(SqlNode node, GroveErrorCode code, String message)
    {
        SqlParserPos pos = node.getParserPosition();
        SqlPosition position = pos.getLineNum() >= 1 ? new SqlPosition(pos.getLineNum(), Math.max(1, pos.getColumnNum())) : null;
        String where = position == null ? "" : " (line [" + position.line() + "], column [" + position.column() + "])";
        return new SqlException(code, message + where, position);
    }
}
