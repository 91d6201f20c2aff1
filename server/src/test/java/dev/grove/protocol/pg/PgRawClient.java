package dev.grove.protocol.pg;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A byte-level PostgreSQL client for tests: writes exactly what a test says, well-formed or not, and
 * reads the server's messages one by one.
 */
final class PgRawClient
        implements AutoCloseable
{
    final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    /** One server message: its type and body; for ErrorResponse, its fields by code. */
    record Message(char type, byte[] body)
    {
        Map<Character, String> fields()
        {
            Map<Character, String> fields = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i++];
                int end = i;
                while (body[end] != 0) {
                    end++;
                }
                fields.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
                i = end + 1;
            }
            return fields;
        }

        String sqlState()
        {
            return fields().get('C');
        }

        String severity()
        {
            return fields().get('S');
        }

        String message()
        {
            return fields().get('M');
        }

        @Override
        public String toString()
        {
            return type + (type == 'E' || type == 'N' ? fields().toString() : "(" + body.length + " bytes)");
        }
    }

    PgRawClient(int port)
            throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    PgRawClient raw(byte[] bytes)
            throws IOException
    {
        out.write(bytes);
        out.flush();
        return this;
    }

    PgRawClient startupPacket(int code, String... parameters)
            throws IOException
    {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(body);
        data.writeInt(code);
        for (String parameter : parameters) {
            data.write(parameter.getBytes(StandardCharsets.UTF_8));
            data.write(0);
        }
        if (parameters.length > 0) {
            data.write(0);
        }
        out.writeInt(body.size() + 4);
        out.write(body.toByteArray());
        out.flush();
        return this;
    }

    /** Startup as user grove; reads up to and including ReadyForQuery. */
    PgRawClient connect()
            throws IOException
    {
        startupPacket(PgConnection.PROTOCOL_3_0, "user", "grove", "database", "grove");
        Message message;
        do {
            message = read();
            if (message.type() == 'E') {
                throw new IllegalStateException("startup failed: " + message);
            }
        }
        while (message.type() != 'Z');
        return this;
    }

    PgRawClient message(char type, byte[] body)
            throws IOException
    {
        out.write(type);
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
        return this;
    }

    PgRawClient query(String sql)
            throws IOException
    {
        return message('Q', cString(sql));
    }

    static byte[] cString(String... values)
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String value : values) {
            bytes.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
        }
        return bytes.toByteArray();
    }

    /** A body from ints (4 bytes), shorts (written as {@code (short) x}), byte arrays and strings (NUL-terminated). */
    static byte[] body(Object... parts)
            throws IOException
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        for (Object part : parts) {
            if (part instanceof Integer value) {
                data.writeInt(value);
            }
            else if (part instanceof Short value) {
                data.writeShort(value);
            }
            else if (part instanceof Byte value) {
                data.writeByte(value);
            }
            else if (part instanceof byte[] value) {
                data.write(value);
            }
            else {
                data.write(cString(part.toString()));
            }
        }
        return bytes.toByteArray();
    }

    Message read()
            throws IOException
    {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    int readByte()
            throws IOException
    {
        return in.read();
    }

    /** Reads messages until one of {@code type}; returns it. */
    Message readUntil(char type)
            throws IOException
    {
        for (int i = 0; i < 10_000; i++) {
            Message message = read();
            if (message.type() == type) {
                return message;
            }
        }
        throw new IllegalStateException("no message of type " + type);
    }

    /** True once the server has closed the connection (after any messages it still sent). */
    boolean closedByServer()
            throws IOException
    {
        try {
            for (int i = 0; i < 10_000; i++) {
                if (in.read() < 0) {
                    return true;
                }
            }
            return false;
        }
        catch (SocketTimeoutException e) {
            return false;
        }
        catch (EOFException | java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close()
            throws IOException
    {
        socket.close();
    }
}
