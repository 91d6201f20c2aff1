package dev.grove.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the format-1 log Grove wrote before partitions: one file {@code 00000000000000000000.log} per
 * datasource of frames {@code [int length][int crc32c][long baseOffset][int count] (long timestamp,
 * int keyLength, key, int valueLength, value)*}. Only to migrate it into partition 0; like format 1's
 * own recovery, anything after the last intact frame was a write cut off by a crash and is dropped.
 */
final class LegacyLog
{
    private static final Logger log = LoggerFactory.getLogger(LegacyLog.class);
    static final String FILE_NAME = "00000000000000000000.log";
    private static final int BATCH_HEADER = Long.BYTES + Integer.BYTES;

    private LegacyLog() {}

    /** Every intact batch of a format-1 file, in order. */
    static List<LogBatch> read(Path file)
            throws IOException
    {
        List<LogBatch> batches = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long position = 0;
            long nextOffset = 0;
            ByteBuffer header = ByteBuffer.allocate(BatchCodec.LENGTH_AND_CRC);
            while (position + BatchCodec.LENGTH_AND_CRC <= size) {
                header.clear();
                LogFiles.readFully(channel, header, position);
                header.flip();
                int length = header.getInt();
                int crc = header.getInt();
                if (length < BATCH_HEADER || length > BatchCodec.MAX_BATCH_BYTES || position + BatchCodec.LENGTH_AND_CRC + length > size) {
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(length);
                LogFiles.readFully(channel, body, position + BatchCodec.LENGTH_AND_CRC);
                body.flip();
                if (BatchCodec.crc(body) != crc) {
                    break;
                }
                LogBatch batch = decodeOrNull(body);
                if (batch == null || batch.baseOffset() != nextOffset) {
                    break;
                }
                batches.add(batch);
                nextOffset = batch.nextOffset();
                position += BatchCodec.LENGTH_AND_CRC + length;
            }
            if (position < size) {
                log.warn("Format-1 log {} has {} bytes after its last intact batch (a write cut off by a crash); they are not migrated", file, size - position);
            }
        }
        return batches;
    }

    private static LogBatch decodeOrNull(ByteBuffer body)
    {
        try {
            long baseOffset = body.getLong();
            int count = body.getInt();
            if (count < 0 || baseOffset < 0) {
                return null;
            }
            List<LogRecord> records = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                long timestamp = body.getLong();
                byte[] key = new byte[body.getInt()];
                body.get(key);
                byte[] value = new byte[body.getInt()];
                body.get(value);
                records.add(new LogRecord(key, value, timestamp));
            }
            return body.hasRemaining() ? null : new LogBatch(baseOffset, records);
        }
        catch (RuntimeException e) {
            return null;
        }
    }

    /** Writes format-1 batches (tests use it to make a data directory of an older Grove). */
    static void write(Path file, List<LogBatch> batches)
            throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (LogBatch batch : batches) {
                int bodySize = BATCH_HEADER + batch.records().stream().mapToInt(LogRecord::encodedSize).sum();
                ByteBuffer frame = ByteBuffer.allocate(BatchCodec.LENGTH_AND_CRC + bodySize);
                frame.position(BatchCodec.LENGTH_AND_CRC);
                frame.putLong(batch.baseOffset());
                frame.putInt(batch.records().size());
                for (LogRecord record : batch.records()) {
                    frame.putLong(record.timestampMillis());
                    frame.putInt(record.key().length);
                    frame.put(record.key());
                    frame.putInt(record.value().length);
                    frame.put(record.value());
                }
                frame.flip();
                frame.putInt(0, bodySize);
                frame.putInt(Integer.BYTES, BatchCodec.crc(frame.duplicate().position(BatchCodec.LENGTH_AND_CRC)));
                while (frame.hasRemaining()) {
                    channel.write(frame);
                }
            }
            channel.force(true);
        }
    }
}
