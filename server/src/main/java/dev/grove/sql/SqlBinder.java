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
import org.apache.calcite.sql.SqlLiteral;
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
    private static final String VIEW_SCHEMA = "view";
    private static final int MAX_VIEW_DEPTH = 8;

    private final TableResolver tables;
    private final SqlOptions options;
    private final TablePolicy policy;
    private final Set<String> withNames = new HashSet<>();
    private final Set<String> engineTables = new HashSet<>();
    private int viewDepth;

    SqlBinder(TableResolver tables, SqlOptions options)
    {
        this(tables, options, TablePolicy.NONE);
    }

    SqlBinder(TableResolver tables, SqlOptions options, TablePolicy policy)
    {
        this.tables = requireNonNull(tables, "tables is null");
        this.options = requireNonNull(options, "options is null");
        this.policy = requireNonNull(policy, "policy is null");
    }

    /** Validates {@code statement}, rewriting its table references; returns the result column names (empty: use the engine's). */
    List<String> bind(SqlNode statement)
    {
        if (!statement.isA(SqlKind.QUERY)) {
            throw invalid(statement, GroveErrorCode.SQL_UNSUPPORTED, "Only queries (SELECT) are supported; " + statement.getKind() + " statements are not");
        }
        query(statement);
        if (options.skipEmptyBuckets()) {
            skipEmptyBucket(statement);
        }
        return resultColumnNames(statement);
    }

    /**
     * A view's query, bound like the rest of the statement (it reaches only what the caller could), to
     * stand in FROM as a subquery.
     */
    private SqlNode view(String name, String sql, SqlIdentifier reference)
    {
        if (viewDepth >= MAX_VIEW_DEPTH) {
            throw invalid(reference, GroveErrorCode.SQL_VALIDATION_ERROR, "Views nest more than " + MAX_VIEW_DEPTH + " deep (view [" + name + "]); a view may not use itself");
        }
        SqlNode query;
        try {
            query = DruidSqlParser.parse(sql);
        }
        catch (SqlException e) {
            throw invalid(reference, GroveErrorCode.SQL_VALIDATION_ERROR, "View [" + name + "] does not parse: " + e.getMessage());
        }
        if (!query.isA(SqlKind.QUERY)) {
            throw invalid(reference, GroveErrorCode.SQL_VALIDATION_ERROR, "View [" + name + "] is not a query");
        }
        viewDepth++;
        try {
            query(query);
        }
        finally {
            viewDepth--;
        }
        return query;
    }

    /**
     * Druid's group-by results come out sorted by their grouping keys, and its ORDER BY keeps that order
     * among rows it ties; adding the keys after the ORDER BY items gives the same rows in the same order
     * (and the same rows under a LIMIT).
     */
    private static void breakTiesByGroupKeys(SqlSelect select, SqlNodeList orderList)
    {
        SqlNodeList group = select.getGroup();
        if (group == null || group.isEmpty() || orderList == null || orderList.isEmpty()) {
            return;
        }
        List<String> ordered = new ArrayList<>();
        for (SqlNode item : orderList) {
            SqlNode key = item.getKind() == SqlKind.DESCENDING || item.getKind() == SqlKind.NULLS_FIRST || item.getKind() == SqlKind.NULLS_LAST
                    ? ((SqlCall) item).operand(0) : item;
            ordered.add(key.toString());
        }
        for (SqlNode key : group) {
            if (!(key instanceof SqlIdentifier) && !(key instanceof org.apache.calcite.sql.SqlNumericLiteral) && !(key instanceof SqlCall call && !call.isA(SqlKind.QUERY)
                    && key.getKind() != SqlKind.GROUPING_SETS && key.getKind() != SqlKind.ROLLUP && key.getKind() != SqlKind.CUBE)) {
                return;
            }
        }
        for (SqlNode key : group) {
            if (!ordered.contains(key.toString())) {
                orderList.add(key);
            }
        }
    }

    /**
     * Druid orders the results of its ANY aggregators with NULL above every value (last ascending, first
     * descending), unlike other columns; an ORDER BY item without its own NULLS on an ANY_VALUE gets that.
     */
    private static void anyValueNullsLast(SqlSelect select, SqlNodeList orderList)
    {
        for (int i = 0; i < orderList.size(); i++) {
            SqlNode item = orderList.get(i);
            if (item.getKind() == SqlKind.NULLS_FIRST || item.getKind() == SqlKind.NULLS_LAST) {
                continue;
            }
            boolean descending = item.getKind() == SqlKind.DESCENDING;
            SqlNode key = selected(select, descending ? ((SqlCall) item).operand(0) : item);
            if (key instanceof SqlCall call && call.getOperator().getName().equalsIgnoreCase("ANY_VALUE")) {
                orderList.set(i, (descending ? SqlStdOperatorTable.NULLS_FIRST : SqlStdOperatorTable.NULLS_LAST).createCall(item.getParserPosition(), item));
            }
        }
    }

    /** The select item an ORDER BY key names (by ordinal or alias), without its alias; else the key itself. */
    private static SqlNode selected(SqlSelect select, SqlNode key)
    {
        SqlNodeList items = select.getSelectList();
        if (key instanceof org.apache.calcite.sql.SqlNumericLiteral ordinal && ordinal.isExact()) {
            int index = ordinal.intValue(false) - 1;
            return index >= 0 && index < items.size() ? unaliased(items.get(index)) : key;
        }
        if (key instanceof SqlIdentifier identifier && identifier.isSimple()) {
            for (SqlNode item : items) {
                if (item.getKind() == SqlKind.AS && ((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple().equals(identifier.getSimple())) {
                    return unaliased(item);
                }
            }
        }
        return key;
    }

    private static SqlNode unaliased(SqlNode item)
    {
        return item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
    }

    /** Druid's skipEmptyBuckets: an aggregate over all rows (no GROUP BY) answers no row when no row matched. */
    private static void skipEmptyBucket(SqlNode statement)
    {
        SqlNode leading = statement instanceof SqlOrderBy orderBy ? orderBy.query : statement;
        if (leading instanceof SqlSelect select && (select.getGroup() == null || select.getGroup().isEmpty()) && select.getFrom() != null
                && select.getSelectList().stream().anyMatch(SqlBinder::isAggregate)) {
            SqlNode nonEmpty = SqlStdOperatorTable.GREATER_THAN.createCall(SqlParserPos.ZERO,
                    SqlStdOperatorTable.COUNT.createCall(SqlParserPos.ZERO, SqlIdentifier.star(SqlParserPos.ZERO)), SqlLiteral.createExactNumeric("0", SqlParserPos.ZERO));
            select.setHaving(select.getHaving() == null ? nonEmpty : SqlStdOperatorTable.AND.createCall(SqlParserPos.ZERO, select.getHaving(), nonEmpty));
        }
    }

    private static boolean isAggregate(SqlNode item)
    {
        SqlNode expression = item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
        return expression instanceof SqlCall call && FunctionRule.isAggregate(call.getOperator().getName());
    }

    /** The engine tables the bound statement reads. */
    Set<String> engineTables()
    {
        return Set.copyOf(engineTables);
    }

    private void query(SqlNode node)
    {
        if (node instanceof SqlSelect select) {
            select(select);
        }
        else if (node instanceof SqlOrderBy orderBy) {
            query(orderBy.query);
            expressions(orderBy.orderList);
            if (orderBy.query instanceof SqlSelect select) {
                anyValueNullsLast(select, orderBy.orderList);
                breakTiesByGroupKeys(select, orderBy.orderList);
            }
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
            SqlNode table = table(identifier);
            String name = identifier.names.get(identifier.names.size() - 1);
            if (!(table instanceof SqlIdentifier) || !((SqlIdentifier) table).getSimple().equals(name)) {
                // keep the name the query refers to (lookup.x is read as x.k), as the engine's table name differs
                return SqlStdOperatorTable.AS.createCall(identifier.getParserPosition(), table, new SqlIdentifier(name, identifier.getParserPosition()));
            }
            return table;
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
            as.setOperand(0, as.operand(0) instanceof SqlIdentifier identifier ? table(identifier) : from(as.operand(0)));
            return as;
        }
        if (node.isA(SqlKind.QUERY)) {
            query(node);
            return node;
        }
        if (node.getKind() == SqlKind.UNNEST) {
            // UNNEST of an expression (an array) reads no table; its argument is checked like any expression
            for (SqlNode operand : ((SqlCall) node).getOperandList()) {
                expression(operand);
            }
            return node;
        }
        if (node.getKind() == SqlKind.COLLECTION_TABLE && ((SqlCall) node).operand(0) instanceof SqlCall function
                && function.getOperator().getName().equalsIgnoreCase("APPEND")) {
            return append(function);
        }
        if (node.getKind() == SqlKind.COLLECTION_TABLE || node.getKind() == SqlKind.LATERAL) {
            throw invalid(node, GroveErrorCode.FORBIDDEN_SQL, "Table functions are not allowed; query datasources by name");
        }
        throw invalid(node, GroveErrorCode.SQL_UNSUPPORTED, node.getKind() + " is not supported in FROM");
    }

    /**
     * Druid's {@code TABLE(APPEND('a', 'b', ...))}: the rows of each table in turn, columns matched by
     * name (a column a table lacks is NULL). Only datasources the resolver allows can be named.
     */
    private SqlNode append(SqlCall function)
    {
        if (function.operandCount() == 0) {
            throw invalid(function, GroveErrorCode.SQL_VALIDATION_ERROR, "APPEND needs at least one table name");
        }
        StringBuilder union = new StringBuilder();
        for (SqlNode operand : function.getOperandList()) {
            if (!(operand instanceof org.apache.calcite.sql.SqlCharStringLiteral literal)) {
                throw invalid(operand, GroveErrorCode.SQL_VALIDATION_ERROR, "APPEND takes table names as string literals, such as APPEND('foo', 'bar')");
            }
            String name = literal.getValueAs(String.class);
            String table = tables.resolve(List.of(name)).orElseThrow(() -> invalid(operand, GroveErrorCode.SQL_VALIDATION_ERROR, "Table [" + name + "] not found"));
            if (policy.relation(table).isPresent()) {
                // APPEND is written straight into engine SQL, where the caller's row filters and masks could not apply
                throw invalid(operand, GroveErrorCode.FORBIDDEN_SQL, "TABLE(APPEND(...)) cannot read [" + name + "]: row filters or column masks apply "
                        + "to it for you; query it by name instead");
            }
            engineTables.add(table);
            union.append(union.isEmpty() ? "" : " UNION ALL BY NAME ").append("SELECT * FROM \"").append(table.replace("\"", "\"\"")).append('"');
        }
        if (union.indexOf("{") >= 0 || union.indexOf("}") >= 0) {
            throw invalid(function, GroveErrorCode.SQL_VALIDATION_ERROR, "APPEND: table names with braces are not supported");
        }
        return new DuckDbFunctions.Template("APPEND", union.toString()).createCall(function.getParserPosition());
    }

    private SqlNode table(SqlIdentifier identifier)
    {
        List<String> names = identifier.names;
        if (names.size() == 1 && withNames.contains(names.get(0))) {
            return identifier;
        }
        if (names.size() == 2 && InformationSchema.isSchema(names.get(0))) {
            Optional<String> system = InformationSchema.query(names.get(1).toUpperCase(Locale.ROOT), visibleCatalog());
            if (system.isPresent()) {
                SqlNode query = DruidSqlParser.parse(system.get());
                query(query);
                return query;
            }
        }
        if (names.size() == 2 && names.get(0).equals("sys") && names.get(1).equals("servers")) {
            SqlNode query = DruidSqlParser.parse(SystemServer.query(tables.servers()));
            query(query);
            return query;
        }
        if (names.size() == 2 && names.get(0).equals(VIEW_SCHEMA)) {
            Optional<String> view = tables.viewSql(names.get(1));
            if (view.isPresent()) {
                return view(names.get(1), view.get(), identifier);
            }
        }
        Optional<String> table = tables.resolve(names);
        if (table.isEmpty()) {
            throw invalid(identifier, GroveErrorCode.SQL_VALIDATION_ERROR, "Object '" + String.join(".", names) + "' not found");
        }
        engineTables.add(table.get());
        Optional<String> restricted = policy.relation(table.get());
        if (restricted.isEmpty()) {
            return new SqlIdentifier(table.get(), identifier.getParserPosition());
        }
        // the caller's policy stands in for the table: bound like any query (its functions checked, its one table
        // resolved), never restricted twice; FROM names it like the table
        SqlNode relation = DruidSqlParser.parse(restricted.get());
        new SqlBinder(TableResolver.only(tables, table.get()), options).bind(relation);
        return relation;
    }

    /** The catalog as the caller sees it: datasources it may not read are left out, as Druid does. */
    private List<CatalogTable> visibleCatalog()
    {
        return tables.catalog().stream().filter(table -> !table.schema().equals("druid") || policy.visible(table.name())).toList();
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
            if (identifier.names.size() == 3 && identifier.names.get(0).equals("druid")) {
                // druid.table.column: the engine knows the table by its own name
                identifier.setNames(identifier.names.subList(1, 3), null);
            }
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
            if (call.getKind() == SqlKind.OVER && call.operand(0) instanceof SqlCall aggregate && isDistinct(aggregate)) {
                throw invalid(call, GroveErrorCode.SQL_UNSUPPORTED, "DISTINCT is not supported in window functions (" + aggregate.getOperator().getName() + " ... OVER)");
            }
            String operator = call.getOperator().getName().toUpperCase(Locale.ROOT);
            if ((operator.equals("SUM") || operator.equals("AVG")) && isDistinct(call) && options.approximateCountDistinct()) {
                throw invalid(call, GroveErrorCode.SQL_UNSUPPORTED, "Aggregation [" + call.getOperator().getName()
                        + "] with DISTINCT is not supported when useApproximateCountDistinct is enabled; set it to false in the query context");
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

    private static boolean isDistinct(SqlCall call)
    {
        return call.getFunctionQuantifier() != null && "DISTINCT".equalsIgnoreCase(call.getFunctionQuantifier().toValue());
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
