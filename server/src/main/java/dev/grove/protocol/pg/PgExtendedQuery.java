package dev.grove.protocol.pg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The extended query protocol of one connection: Parse, Bind, Describe, Execute, Close, Sync and
 * Flush, with named and unnamed prepared statements and portals. A portal runs its statement when it
 * is first described or executed and keeps the result, so Execute with a row limit answers in chunks
 * (PortalSuspended) until it is exhausted. After an error every message is skipped until Sync.
 *
 * <p>Not thread-safe; used by its connection's thread only.
 */
final class PgExtendedQuery
{
    private static final int MAX_STATEMENTS = 1024;
    private static final int MAX_PORTALS = 128;

    private final PgConnection connection;
    private final PgExecutor executor;
    private final Map<String, Statement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private boolean skipping;
    /** The client's text of the statement being described or executed, for an error's position. */
    private String running;

    /** A parsed statement: the client's text, its command (with {@code $n} turned into {@code ?}), declared types and placeholder order. */
    private record Statement(String sql, PgCommand command, int[] parameterTypes, List<Integer> placeholderOrder) {}

    private static final class Portal
    {
        final Statement statement;
        final List<Object> parameters;
        final short[] resultFormats;
        PgResult result;
        int position;

        Portal(Statement statement, List<Object> parameters, short[] resultFormats)
        {
            this.statement = statement;
            this.parameters = parameters;
            this.resultFormats = resultFormats;
        }
    }

    PgExtendedQuery(PgConnection connection, PgExecutor executor)
    {
        this.connection = requireNonNull(connection, "connection is null");
        this.executor = requireNonNull(executor, "executor is null");
    }

    /** Handles an extended-protocol message; false when the message is not one. */
    boolean handle(PgMessageReader.Message message)
            throws IOException
    {
        char type = message.type();
        if ("PBDESCH".indexOf(type) < 0) {
            return false;
        }
        if (type == 'S') {
            sync();
            return true;
        }
        if (type == 'H' || skipping) {
            return true;
        }
        running = null;
        try {
            switch (type) {
                case 'P' -> parse(message.buffer("Parse"));
                case 'B' -> bind(message.buffer("Bind"));
                case 'D' -> describe(message.buffer("Describe"));
                case 'E' -> execute(message.buffer("Execute"));
                case 'C' -> close(message.buffer("Close"));
                default -> throw new IllegalStateException("unexpected message " + type);
            }
        }
        catch (RuntimeException e) {
            skipping = true;
            connection.sendError(e, running);
        }
        return true;
    }

    /** A simple Query drops the unnamed statement and portal, as PostgreSQL does. */
    void closeUnnamed()
    {
        statements.remove("");
        portals.remove("");
    }

    private void sync()
            throws IOException
    {
        skipping = false;
        if (!connection.transaction().inBlock()) {
            portals.clear();
        }
        PgWire.readyForQuery(connection.writer(), connection.transaction().status());
    }

    private void parse(PgBuffer buffer)
            throws IOException
    {
        String name = buffer.readCString();
        String sql = buffer.readCString();
        int count = buffer.readCount16("parameter types", 4);
        int[] types = new int[count];
        for (int i = 0; i < count; i++) {
            types[i] = buffer.readInt32();
        }
        buffer.expectEnd();
        running = sql;
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw new PgProtocolException(SqlState.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + name + "\" already exists");
        }
        if (!statements.containsKey(name) && statements.size() >= MAX_STATEMENTS) {
            throw new PgProtocolException(SqlState.CONFIGURATION_LIMIT_EXCEEDED, "too many prepared statements on this connection (at most "
                    + MAX_STATEMENTS + "); close some");
        }
        List<String> parts = PgSqlText.split(sql);
        if (parts.size() > 1) {
            throw new PgProtocolException(SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        }
        PgSqlText.Placeholders placeholders = PgSqlText.placeholders(parts.isEmpty() ? "" : parts.get(0));
        int highest = placeholders.order().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (highest > Math.max(count, 65535)) {
            throw new PgProtocolException("42P02", "there is no parameter $" + highest);
        }
        int[] parameterTypes = Arrays.copyOf(types, Math.max(count, highest));
        PgCommand command = PgCommand.parse(placeholders.sql());
        statements.put(name, new Statement(sql, command, parameterTypes, placeholders.order()));
        connection.writer().begin('1').end();
    }

    private void bind(PgBuffer buffer)
            throws IOException
    {
        String portalName = buffer.readCString();
        String statementName = buffer.readCString();
        short[] parameterFormats = formats(buffer, "parameter format codes");
        int count = buffer.readCount16("parameter values", 4);
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = buffer.readInt32();
            values.add(length == -1 ? null : buffer.readBytes(length));
        }
        short[] resultFormats = formats(buffer, "result format codes");
        buffer.expectEnd();
        Statement statement = statement(statementName);
        if (count != statement.parameterTypes().length) {
            throw PgProtocolException.violation("bind message supplies " + count + " parameters, but prepared statement \"" + statementName
                    + "\" requires " + statement.parameterTypes().length);
        }
        if (parameterFormats.length > 1 && parameterFormats.length != count) {
            throw PgProtocolException.violation("bind message has " + parameterFormats.length + " parameter formats but " + count + " parameters");
        }
        if (!portalName.isEmpty() && portals.containsKey(portalName)) {
            throw new PgProtocolException(SqlState.DUPLICATE_CURSOR, "portal \"" + portalName + "\" already exists");
        }
        if (!portals.containsKey(portalName) && portals.size() >= MAX_PORTALS) {
            throw new PgProtocolException(SqlState.CONFIGURATION_LIMIT_EXCEEDED, "too many open portals on this connection (at most " + MAX_PORTALS + ")");
        }
        List<Object> decoded = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            decoded.add(PgValues.parameter(i + 1, statement.parameterTypes()[i], PgWire.format(parameterFormats, i) == 1, values.get(i)));
        }
        List<Object> ordered = new ArrayList<>(statement.placeholderOrder().size());
        for (int number : statement.placeholderOrder()) {
            ordered.add(decoded.get(number - 1));
        }
        portals.put(portalName, new Portal(statement, ordered, resultFormats));
        connection.writer().begin('2').end();
    }

    private void describe(PgBuffer buffer)
            throws IOException
    {
        byte kind = buffer.readByte();
        String name = buffer.readCString();
        buffer.expectEnd();
        PgMessageWriter writer = connection.writer();
        if (kind == 'S') {
            Statement statement = statement(name);
            writer.begin('t').int16(statement.parameterTypes().length);
            for (int type : statement.parameterTypes()) {
                writer.int32(type == 0 ? PgType.TEXT.oid() : type);
            }
            writer.end();
            Optional<List<PgResult.Column>> columns = executor.describe(statement.command(), statement.placeholderOrder().size(),
                    connection.session(), connection.startupPacket(), connection.access());
            rowDescriptionOrNoData(columns, new short[0]);
            return;
        }
        if (kind != 'P') {
            throw PgProtocolException.violation("invalid Describe message subtype " + kind + "; use 'S' or 'P'");
        }
        Portal portal = portal(name);
        rowDescriptionOrNoData(run(portal).columns(), portal.resultFormats);
    }

    private void rowDescriptionOrNoData(Optional<List<PgResult.Column>> columns, short[] formats)
            throws IOException
    {
        if (columns.isPresent()) {
            checkFormats(formats, columns.get().size());
            PgWire.rowDescription(connection.writer(), columns.get(), formats);
        }
        else {
            connection.writer().begin('n').end();
        }
    }

    private void execute(PgBuffer buffer)
            throws IOException
    {
        String name = buffer.readCString();
        int maxRows = buffer.readInt32();
        buffer.expectEnd();
        Portal portal = portal(name);
        PgResult result = run(portal);
        PgMessageWriter writer = connection.writer();
        if (portal.statement.command() instanceof PgCommand.Empty) {
            writer.begin('I').end();
            return;
        }
        if (result.columns().isEmpty()) {
            PgWire.commandComplete(writer, result.tag());
            return;
        }
        checkFormats(portal.resultFormats, result.columns().get().size());
        int total = result.rows().size();
        int end = maxRows <= 0 ? total : (int) Math.min(total, (long) portal.position + maxRows);
        int from = portal.position;
        PgWire.dataRows(writer, result, from, end, portal.resultFormats);
        portal.position = end;
        if (end < total) {
            writer.begin('s').end();
        }
        else {
            PgWire.commandComplete(writer, "SELECT " + (end - from));
        }
    }

    private void close(PgBuffer buffer)
            throws IOException
    {
        byte kind = buffer.readByte();
        String name = buffer.readCString();
        buffer.expectEnd();
        switch (kind) {
            case 'S' -> statements.remove(name);
            case 'P' -> portals.remove(name);
            default -> throw PgProtocolException.violation("invalid Close message subtype " + kind + "; use 'S' or 'P'");
        }
        connection.writer().begin('3').end();
    }

    private PgResult run(Portal portal)
    {
        running = portal.statement.sql();
        if (portal.result == null) {
            portal.result = connection.run(portal.statement.command(), portal.parameters, portal.statement.sql());
        }
        return portal.result;
    }

    private Statement statement(String name)
    {
        Statement statement = statements.get(name);
        if (statement == null) {
            throw new PgProtocolException(SqlState.INVALID_SQL_STATEMENT_NAME, name.isEmpty() ? "unnamed prepared statement does not exist"
                    : "prepared statement \"" + name + "\" does not exist");
        }
        return statement;
    }

    private Portal portal(String name)
    {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new PgProtocolException(SqlState.INVALID_CURSOR_NAME, name.isEmpty() ? "unnamed portal does not exist" : "portal \"" + name + "\" does not exist");
        }
        return portal;
    }

    private static short[] formats(PgBuffer buffer, String what)
    {
        int count = buffer.readCount16(what, 2);
        short[] formats = new short[count];
        for (int i = 0; i < count; i++) {
            formats[i] = buffer.readInt16();
            if (formats[i] != 0 && formats[i] != 1) {
                throw PgProtocolException.violation("unsupported format code: " + formats[i]);
            }
        }
        return formats;
    }

    private static void checkFormats(short[] formats, int columns)
    {
        if (formats.length > 1 && formats.length != columns) {
            throw PgProtocolException.violation("bind message has " + formats.length + " result formats but query has " + columns + " columns");
        }
    }
}
