package dev.grove.protocol.pg;

import java.io.IOException;
import java.util.List;

/**
 * Writes the backend messages that carry results and states: RowDescription, DataRow,
 * CommandComplete, ErrorResponse, ParameterStatus, ReadyForQuery.
 */
final class PgWire
{
    private PgWire() {}

    static void parameterStatus(PgMessageWriter writer, String name, String value)
            throws IOException
    {
        writer.begin('S').cString(name).cString(value).end();
    }

    static void readyForQuery(PgMessageWriter writer, char status)
            throws IOException
    {
        writer.begin('Z').int8(status).end();
    }

    static void commandComplete(PgMessageWriter writer, String tag)
            throws IOException
    {
        writer.begin('C').cString(tag).end();
    }

    /** {@code formats}: none = all text, one = for all columns, else one per column (1 = binary), as Bind gives them. */
    static void rowDescription(PgMessageWriter writer, List<PgResult.Column> columns, short[] formats)
    {
        try {
            writer.begin('T').int16(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                PgResult.Column column = columns.get(i);
                writer.cString(column.name()).int32(0).int16(0).int32(column.type().oid()).int16(column.type().size()).int32(-1).int16(format(formats, i));
            }
            writer.end();
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** DataRows for rows [from, to) of the result. */
    static void dataRows(PgMessageWriter writer, PgResult result, int from, int to, short[] formats)
            throws IOException
    {
        List<PgResult.Column> columns = result.columns().orElse(List.of());
        for (int row = from; row < to; row++) {
            Object[] values = result.rows().get(row);
            // encoded before the message begins, so a value that cannot be encoded leaves no half-written message
            byte[][] encoded = new byte[values.length][];
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    PgType type = i < columns.size() ? columns.get(i).type() : PgType.TEXT;
                    encoded[i] = format(formats, i) == 1 ? PgValues.binary(type, values[i]) : PgValues.text(type, values[i]);
                }
            }
            writer.begin('D').int16(values.length);
            for (byte[] bytes : encoded) {
                if (bytes == null) {
                    writer.int32(-1);
                }
                else {
                    writer.int32(bytes.length).bytes(bytes);
                }
            }
            writer.end();
        }
    }

    static void error(PgMessageWriter writer, PgError error)
            throws IOException
    {
        writer.begin('E')
                .int8('S').cString(error.severity())
                .int8('V').cString(error.severity())
                .int8('C').cString(error.sqlState())
                .int8('M').cString(error.message());
        if (error.position().isPresent()) {
            writer.int8('P').cString(Integer.toString(error.position().getAsInt()));
        }
        writer.int8(0).end();
    }

    static short format(short[] formats, int column)
    {
        if (formats.length == 0) {
            return 0;
        }
        return formats.length == 1 ? formats[0] : formats[column];
    }
}
