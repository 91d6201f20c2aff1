package dev.grove.protocol.pg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * Frames backend messages (type byte, length, body) into a buffer and writes it to the socket when it
 * grows large or on {@link #flush()}, so a result of many small DataRows costs few system calls.
 *
 * <p>Not thread-safe; used by its connection's thread only.
 */
final class PgMessageWriter
{
    private static final int FLUSH_BYTES = 64 * 1024;

    private final OutputStream out;
    private byte[] buffer = new byte[FLUSH_BYTES + 1024];
    private int size;
    private int messageStart = -1;

    PgMessageWriter(OutputStream out)
    {
        this.out = requireNonNull(out, "out is null");
    }

    PgMessageWriter begin(char type)
    {
        if (messageStart >= 0) {
            throw new IllegalStateException("message not ended");
        }
        ensure(5);
        buffer[size++] = (byte) type;
        messageStart = size;
        size += 4;
        return this;
    }

    /** Ends the message, patching its length, and writes out the buffer if it has grown large. */
    void end()
            throws IOException
    {
        int length = size - messageStart;
        buffer[messageStart] = (byte) (length >>> 24);
        buffer[messageStart + 1] = (byte) (length >>> 16);
        buffer[messageStart + 2] = (byte) (length >>> 8);
        buffer[messageStart + 3] = (byte) length;
        messageStart = -1;
        if (size >= FLUSH_BYTES) {
            drain();
        }
    }

    PgMessageWriter int8(int value)
    {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    PgMessageWriter int16(int value)
    {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    PgMessageWriter int32(int value)
    {
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    PgMessageWriter bytes(byte[] value)
    {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, size, value.length);
        size += value.length;
        return this;
    }

    /** A NUL-terminated UTF-8 string; a NUL inside would cut it short, so it is dropped. */
    PgMessageWriter cString(String value)
    {
        bytes(value.replace("\0", "").getBytes(StandardCharsets.UTF_8));
        return int8(0);
    }

    /** A single byte answer outside message framing (SSLRequest and GSSENCRequest get 'N'). */
    void rawByte(char value)
            throws IOException
    {
        ensure(1);
        buffer[size++] = (byte) value;
    }

    void flush()
            throws IOException
    {
        drain();
        out.flush();
    }

    private void drain()
            throws IOException
    {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
        if (messageStart >= 0) {
            throw new IllegalStateException("drained inside a message");
        }
    }

    private void ensure(int more)
    {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
