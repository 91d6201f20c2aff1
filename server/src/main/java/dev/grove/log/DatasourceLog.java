package dev.grove.log;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static java.util.Objects.requireNonNull;

/**
 * The durable, append-only log of one datasource: a single file of framed batches. Each frame is
 * {@code [int length][int crc32c][long baseOffset][int count] (timestamp, key, value)*}, the CRC
 * covering everything after it. On open, the file is scanned and a torn or corrupt tail (a crash
 * mid-write) is truncated, so the log holds exactly the batches that were completely written.
 *
 * <p>Deliberately simple: the log issue replaces it with partitioned, segmented, idempotent logs.
 *
 * <p>Not thread-safe: confined to the log appender thread after {@link #open}.
 */
public final class DatasourceLog
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(DatasourceLog.class);
    private static final String FILE_NAME = "00000000000000000000.log";
    private static final int FRAME_HEADER = Integer.BYTES + Integer.BYTES;
    private static final int BATCH_HEADER = Long.BYTES + Integer.BYTES;
    /** Guards recovery against a corrupt length field asking for an absurd allocation. */
    private static final int MAX_FRAME_BYTES = 1 << 30;

    private final Path directory;
    private final FileChannel channel;
    private long nextOffset;
    private boolean dirty;

    private DatasourceLog(Path directory, FileChannel channel, long nextOffset)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.channel = requireNonNull(channel, "channel is null");
        this.nextOffset = nextOffset;
    }

    /**
     * Opens (creating if needed) the log in {@code directory}, hands every intact batch to
     * {@code replay} in order, and truncates anything after the last intact batch.
     */
    public static DatasourceLog open(Path directory, Consumer<LogBatch> replay)
    {
        try {
            boolean created = !Files.exists(directory);
            Files.createDirectories(directory);
            if (created) {
                fsyncDirectory(directory.getParent());
            }
            Path file = directory.resolve(FILE_NAME);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (created) {
                fsyncDirectory(directory);
            }
            long nextOffset = recover(file, channel, replay);
            return new DatasourceLog(directory, channel, nextOffset);
        }
        catch (IOException e) {
            throw storageFailure("open the log in " + directory, e);
        }
    }

    private static long recover(Path file, FileChannel channel, Consumer<LogBatch> replay)
            throws IOException
    {
        long size = channel.size();
        long position = 0;
        long nextOffset = 0;
        ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
        while (position + FRAME_HEADER <= size) {
            header.clear();
            readFully(channel, header, position);
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            if (length < BATCH_HEADER || length > MAX_FRAME_BYTES || position + FRAME_HEADER + length > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            readFully(channel, body, position + FRAME_HEADER);
            body.flip();
            if (crc(body) != crc) {
                break;
            }
            LogBatch batch = decodeOrNull(body);
            if (batch == null || batch.baseOffset() != nextOffset) {
                break;
            }
            replay.accept(batch);
            nextOffset = batch.nextOffset();
            position += FRAME_HEADER + length;
        }
        if (position < size) {
            log.warn("Log {} has {} bytes after the last intact batch (a write cut off by a crash); truncating them", file, size - position);
            channel.truncate(position);
            channel.force(true);
        }
        channel.position(position);
        return nextOffset;
    }

    /** Writes the records as one batch (not yet durable: see {@link #flush}) and returns it. */
    public LogBatch append(List<LogRecord> records)
    {
        LogBatch batch = new LogBatch(nextOffset, records);
        int bodySize = BATCH_HEADER + records.stream().mapToInt(LogRecord::encodedSize).sum();
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER + bodySize);
        frame.position(FRAME_HEADER);
        frame.putLong(batch.baseOffset());
        frame.putInt(records.size());
        for (LogRecord record : records) {
            frame.putLong(record.timestampMillis());
            frame.putInt(record.key().length);
            frame.put(record.key());
            frame.putInt(record.value().length);
            frame.put(record.value());
        }
        frame.flip();
        ByteBuffer body = frame.duplicate().position(FRAME_HEADER);
        frame.putInt(0, bodySize);
        frame.putInt(Integer.BYTES, crc(body));
        try {
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
        }
        catch (IOException e) {
            throw storageFailure("append to the log in " + directory, e);
        }
        nextOffset = batch.nextOffset();
        dirty = true;
        return batch;
    }

    /** Forces everything appended so far to disk. */
    public void flush()
    {
        if (!dirty) {
            return;
        }
        try {
            channel.force(false);
            dirty = false;
        }
        catch (IOException e) {
            throw storageFailure("fsync the log in " + directory, e);
        }
    }

    public long nextOffset()
    {
        return nextOffset;
    }

    @Override
    public void close()
    {
        try {
            channel.close();
        }
        catch (IOException e) {
            log.warn("Closing log {} failed", directory, e);
        }
    }

    /** Deletes a log directory and everything in it. */
    public static void delete(Path directory)
    {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
            fsyncDirectory(directory.getParent());
        }
        catch (IOException e) {
            throw storageFailure("delete the log in " + directory, e);
        }
    }

    private static LogBatch decodeOrNull(ByteBuffer body)
    {
        try {
            return decode(body);
        }
        catch (RuntimeException e) {
            // a frame whose CRC matched but whose contents do not parse is treated like a torn tail
            return null;
        }
    }

    private static LogBatch decode(ByteBuffer body)
    {
        long baseOffset = body.getLong();
        int count = body.getInt();
        if (count < 0 || baseOffset < 0) {
            return null;
        }
        List<LogRecord> records = new ArrayList<>(count);
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

    private static int crc(ByteBuffer body)
    {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return (int) crc.getValue();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position)
            throws IOException
    {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + buffer.position());
            if (read < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    /** New and deleted files are durable only once their directory entry is. */
    private static void fsyncDirectory(Path directory)
            throws IOException
    {
        if (directory == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static GroveException storageFailure(String what, IOException e)
    {
        return new GroveException(GroveErrorCode.STORAGE_FAILURE, "Failed to " + what + ": " + e.getMessage(), e);
    }
}
