package dev.grove.protocol.pg;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Reads framed client messages with limits: a message longer than the configured maximum is refused
 * before its body is read (nothing is allocated for it), the wait for a message's first byte is
 * bounded by the idle timeout, and a message once begun must arrive whole within the message timeout,
 * so a client trickling one byte at a time cannot hold the connection's thread for long.
 *
 * <p>Not thread-safe; used by its connection's thread only.
 */
final class PgMessageReader
{
    /** Largest startup packet PostgreSQL accepts (MAX_STARTUP_PACKET_LENGTH). */
    static final int MAX_STARTUP_BYTES = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final int maxMessageBytes;
    private final long messageTimeoutMillis;

    PgMessageReader(Socket socket, InputStream in, int maxMessageBytes, long messageTimeoutMillis)
    {
        this.socket = requireNonNull(socket, "socket is null");
        this.in = requireNonNull(in, "in is null");
        this.maxMessageBytes = maxMessageBytes;
        this.messageTimeoutMillis = messageTimeoutMillis;
    }

    /** A message: its type byte and body (without the length). */
    record Message(char type, byte[] body)
    {
        PgBuffer buffer(String name)
        {
            return new PgBuffer(body, name);
        }
    }

    /** The startup-phase packet (no type byte): its body after the length, within {@code deadlineNanos}. */
    byte[] readStartupPacket(long deadlineNanos)
            throws IOException
    {
        byte[] header = new byte[4];
        readFully(header, deadlineNanos);
        int length = PgBuffer.readInt32(header, 0);
        if (length < 8 || length > MAX_STARTUP_BYTES) {
            throw PgProtocolException.fatal("invalid length of startup packet (" + length + " bytes; PostgreSQL clients send 8 to " + MAX_STARTUP_BYTES + ")");
        }
        byte[] body = new byte[length - 4];
        readFully(body, deadlineNanos);
        return body;
    }

    /** The next message, waiting at most {@code idleTimeoutMillis} for it to begin. */
    Message readMessage(long idleTimeoutMillis)
            throws IOException
    {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeoutMillis));
        int type;
        try {
            type = in.read();
        }
        catch (SocketTimeoutException e) {
            throw new IdleTimeoutException();
        }
        if (type < 0) {
            throw new EOFException("client closed the connection");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(messageTimeoutMillis);
        byte[] header = new byte[4];
        readFully(header, deadline);
        int length = PgBuffer.readInt32(header, 0);
        if (length < 4) {
            throw PgProtocolException.fatal("invalid message length " + length + " for message type '" + printable(type) + "'");
        }
        if (length - 4 > maxMessageBytes) {
            throw new PgProtocolException(SqlState.PROGRAM_LIMIT_EXCEEDED, "message of type '" + printable(type) + "' is " + (length - 4)
                    + " bytes, more than the " + maxMessageBytes + " Grove accepts (grove.pg.maxMessageBytes)", true);
        }
        byte[] body = new byte[length - 4];
        readFully(body, deadline);
        return new Message((char) type, body);
    }

    private void readFully(byte[] target, long deadlineNanos)
            throws IOException
    {
        int read = 0;
        while (read < target.length) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remaining <= 0) {
                throw new SlowClientException();
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
            int count;
            try {
                count = in.read(target, read, target.length - read);
            }
            catch (SocketTimeoutException e) {
                throw new SlowClientException();
            }
            if (count < 0) {
                throw new EOFException("client closed the connection mid-message");
            }
            read += count;
        }
    }

    static String printable(int type)
    {
        return type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("0x%02x", type);
    }

    /** No message began within the idle timeout. */
    static final class IdleTimeoutException
            extends IOException
    {
        IdleTimeoutException()
        {
            super("idle timeout", null);
        }
    }

    /** A message (or the startup) did not arrive whole within its time. */
    static final class SlowClientException
            extends IOException
    {
        SlowClientException()
        {
            super("message did not arrive in time", null);
        }
    }
}
