package dev.grove.protocol.pg;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * Reads the fields of one message body a client sent. Every read is bounds-checked: a message that
 * ends early or holds invalid UTF-8 is a protocol violation naming the message, never an
 * out-of-bounds exception.
 *
 * <p>Not thread-safe; used by its connection's thread only.
 */
final class PgBuffer
{
    private final byte[] bytes;
    private final String message;
    private int position;

    PgBuffer(byte[] bytes, String message)
    {
        this.bytes = requireNonNull(bytes, "bytes is null");
        this.message = requireNonNull(message, "message is null");
    }

    int remaining()
    {
        return bytes.length - position;
    }

    byte readByte()
    {
        need(1);
        return bytes[position++];
    }

    short readInt16()
    {
        need(2);
        short value = (short) (((bytes[position] & 0xff) << 8) | (bytes[position + 1] & 0xff));
        position += 2;
        return value;
    }

    int readInt32()
    {
        need(4);
        int value = readInt32(bytes, position);
        position += 4;
        return value;
    }

    /** A count that must not be negative and must fit in what is left, each item at least {@code minItemBytes}. */
    int readCount16(String what, int minItemBytes)
    {
        int count = readInt16() & 0xffff;
        if ((long) count * minItemBytes > remaining()) {
            throw PgProtocolException.violation(message + " message declares " + count + " " + what + " but is too short to hold them");
        }
        return count;
    }

    byte[] readBytes(int length)
    {
        if (length < 0) {
            throw PgProtocolException.violation(message + " message has a negative length field (" + length + ")");
        }
        need(length);
        byte[] value = new byte[length];
        System.arraycopy(bytes, position, value, 0, length);
        position += length;
        return value;
    }

    /** A NUL-terminated UTF-8 string. */
    String readCString()
    {
        int end = position;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        if (end == bytes.length) {
            throw PgProtocolException.violation(message + " message has a string without its terminating NUL byte");
        }
        String value = utf8(bytes, position, end - position, message);
        position = end + 1;
        return value;
    }

    /** The message must have been read whole: trailing bytes mean the client and server disagree on its shape. */
    void expectEnd()
    {
        if (position != bytes.length) {
            throw PgProtocolException.violation(message + " message has " + remaining() + " unexpected trailing bytes");
        }
    }

    static int readInt32(byte[] bytes, int offset)
    {
        return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16) | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff);
    }

    static String utf8(byte[] bytes, int offset, int length, String what)
    {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        }
        catch (CharacterCodingException e) {
            throw new PgProtocolException("22021", what + " is not valid UTF-8 (Grove speaks client_encoding UTF8 only)");
        }
    }

    private void need(int count)
    {
        if (count > remaining()) {
            throw PgProtocolException.violation(message + " message ends early: needs " + count + " more bytes, has " + remaining());
        }
    }
}
