package dev.grove.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The v2 record batch, as {@code docs/log-format.md} describes it (big-endian):
 * <pre>
 *  0 int32 length          bytes after this field
 *  4 int32 crc32c          of every byte after this field
 *  8 int16 magic           2
 * 10 int16 attributes      bits 0-2: compression (0 none); the rest 0
 * 12 int64 baseOffset
 * 20 int32 recordCount
 * 24 int64 firstTimestamp  of the first record
 * 32 int64 maxTimestamp    largest record timestamp
 * 40 int64 producerId      -1: no idempotent producer
 * 48 int16 producerEpoch
 * 50 int32 baseSequence
 * 54 int32 sequenceCount   sequence numbers the batch took (may exceed recordCount)
 * 58 records: int64 timestamp, int32 keyLength, key, int32 valueLength, value
 * </pre>
 */
final class BatchCodec
{
    static final int LENGTH_AND_CRC = Integer.BYTES + Integer.BYTES;
    static final int HEADER = 58;
    static final short MAGIC = 2;
    /** Guards recovery against a corrupt length field asking for an absurd allocation. */
    static final int MAX_BATCH_BYTES = 1 << 30;

    private BatchCodec() {}

    static ByteBuffer encode(long baseOffset, List<LogRecord> records, BatchProducer producer)
    {
        int size = HEADER;
        long first = records.isEmpty() ? 0 : records.get(0).timestampMillis();
        long max = first;
        for (LogRecord record : records) {
            size += record.encodedSize();
            max = Math.max(max, record.timestampMillis());
        }
        ByteBuffer frame = ByteBuffer.allocate(size);
        frame.putInt(size - Integer.BYTES);
        frame.putInt(0);
        frame.putShort(MAGIC);
        frame.putShort((short) 0);
        frame.putLong(baseOffset);
        frame.putInt(records.size());
        frame.putLong(first);
        frame.putLong(max);
        frame.putLong(producer.producerId());
        frame.putShort(producer.epoch());
        frame.putInt(producer.baseSequence());
        frame.putInt(producer.sequenceCount());
        for (LogRecord record : records) {
            frame.putLong(record.timestampMillis());
            frame.putInt(record.key().length);
            frame.put(record.key());
            frame.putInt(record.value().length);
            frame.put(record.value());
        }
        frame.flip();
        frame.putInt(Integer.BYTES, crc(frame.duplicate().position(LENGTH_AND_CRC)));
        return frame;
    }

    /** CRC32C of the buffer's remaining bytes. */
    static int crc(ByteBuffer bytes)
    {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        return (int) crc.getValue();
    }

    /**
     * Decodes a batch whose CRC matched: {@code body} holds every byte after the CRC.
     *
     * @throws IllegalArgumentException when the contents are not a well-formed batch
     */
    static LogBatch decode(ByteBuffer body)
    {
        short magic = body.getShort();
        if (magic != MAGIC) {
            throw new IllegalArgumentException("unknown batch magic " + magic);
        }
        short attributes = body.getShort();
        if ((attributes & 0x7) != 0) {
            throw new IllegalArgumentException("unsupported compression " + (attributes & 0x7));
        }
        long baseOffset = body.getLong();
        int count = body.getInt();
        body.getLong();
        body.getLong();
        long producerId = body.getLong();
        short epoch = body.getShort();
        int baseSequence = body.getInt();
        int sequenceCount = body.getInt();
        if (count < 0 || baseOffset < 0) {
            throw new IllegalArgumentException("negative count or base offset");
        }
        List<LogRecord> records = new ArrayList<>(Math.min(count, body.remaining() / 16 + 1));
        for (int i = 0; i < count; i++) {
            long timestamp = body.getLong();
            byte[] key = new byte[checkedLength(body.getInt(), body)];
            body.get(key);
            byte[] value = new byte[checkedLength(body.getInt(), body)];
            body.get(value);
            records.add(new LogRecord(key, value, timestamp));
        }
        if (body.hasRemaining()) {
            throw new IllegalArgumentException(body.remaining() + " bytes after the last record");
        }
        return new LogBatch(baseOffset, records, producerId, epoch, baseSequence, sequenceCount);
    }

    private static int checkedLength(int length, ByteBuffer body)
    {
        if (length < 0 || length > body.remaining()) {
            throw new IllegalArgumentException("record length " + length + " does not fit the batch");
        }
        return length;
    }
}
