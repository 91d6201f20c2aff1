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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Grove's partition log (format v2, {@code docs/log-format.md}): a directory of segment files named by
 * their first offset, each a sequence of {@link BatchCodec} batches, rolled by size. Opening scans
 * every segment and hands each batch to a replay consumer. Only a torn batch at the very end of the
 * last segment (a write a crash cut off, never acknowledged) is truncated; a damaged batch anywhere
 * else fails with LOG_CORRUPTED naming the file and byte position, because cutting there would drop
 * later, acknowledged batches.
 */
public final class SegmentLog
        implements PartitionLog
{
    private static final Logger log = LoggerFactory.getLogger(SegmentLog.class);

    private final Path directory;
    private final LogSettings settings;
    private final List<Segment> segments;
    private volatile long nextOffset;
    private boolean dirty;

    private SegmentLog(Path directory, LogSettings settings, List<Segment> segments, long nextOffset)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.segments = new CopyOnWriteArrayList<>(segments);
        this.nextOffset = nextOffset;
    }

    /** Opens (creating if needed) the partition log in {@code directory}, replaying every batch in order. */
    public static SegmentLog open(Path directory, LogSettings settings, Consumer<LogBatch> replay)
    {
        List<Segment> segments = new ArrayList<>();
        try {
            boolean created = !Files.exists(directory);
            Files.createDirectories(directory);
            if (created) {
                LogFiles.fsyncDirectory(directory.getParent());
            }
            List<Path> files = segmentFiles(directory);
            long nextOffset = files.isEmpty() ? 0 : baseOffsetOf(files.get(0));
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                long baseOffset = baseOffsetOf(file);
                if (baseOffset != nextOffset) {
                    throw corrupt(file, 0, "starts at offset " + baseOffset + " but the segment before it ends at " + nextOffset);
                }
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                Segment segment = new Segment(file, baseOffset, channel, channel.size());
                segments.add(segment);
                nextOffset = scan(segment, i == files.size() - 1, settings, replay);
            }
            if (segments.isEmpty()) {
                segments.add(Segment.create(directory, nextOffset));
                LogFiles.fsyncDirectory(directory);
            }
            return new SegmentLog(directory, settings, segments, nextOffset);
        }
        catch (IOException e) {
            closeQuietly(segments);
            throw LogFiles.storageFailure("open the log in " + directory, e);
        }
        catch (RuntimeException e) {
            closeQuietly(segments);
            throw e;
        }
    }

    /** Replays a segment's batches, truncating a torn tail when it is the last segment; returns the next offset. */
    private static long scan(Segment segment, boolean last, LogSettings settings, Consumer<LogBatch> replay)
            throws IOException
    {
        FileChannel channel = segment.channel();
        Path file = segment.file();
        long size = channel.size();
        long position = 0;
        long expected = segment.baseOffset();
        ByteBuffer head = ByteBuffer.allocate(BatchCodec.LENGTH_AND_CRC);
        while (position < size) {
            String torn = null;
            LogBatch batch = null;
            int frameBytes = 0;
            if (size - position < BatchCodec.LENGTH_AND_CRC) {
                torn = "a batch header cut off";
            }
            else {
                head.clear();
                LogFiles.readFully(channel, head, position);
                head.flip();
                int length = head.getInt();
                int crc = head.getInt();
                if (length < BatchCodec.HEADER - Integer.BYTES || length > BatchCodec.MAX_BATCH_BYTES) {
                    if (!zerosFrom(channel, position, size)) {
                        throw corrupt(file, position, "has an impossible batch length " + length);
                    }
                    torn = "zeros where a batch should start";
                }
                else if (position + Integer.BYTES + length > size) {
                    torn = "a batch of " + (Integer.BYTES + length) + " bytes with only " + (size - position) + " written";
                }
                else {
                    frameBytes = Integer.BYTES + length;
                    ByteBuffer body = ByteBuffer.allocate(length - Integer.BYTES);
                    LogFiles.readFully(channel, body, position + BatchCodec.LENGTH_AND_CRC);
                    body.flip();
                    if (BatchCodec.crc(body) != crc) {
                        if (!zerosFrom(channel, position + frameBytes, size)) {
                            throw corrupt(file, position, "fails its CRC32C check and " + (size - position - frameBytes)
                                    + " bytes of later batches follow it, so it is not a torn write");
                        }
                        torn = "a last batch failing its CRC32C check";
                    }
                    else {
                        try {
                            batch = BatchCodec.decode(body);
                        }
                        catch (RuntimeException e) {
                            throw corrupt(file, position, "passes its CRC32C check but does not decode: " + e.getMessage());
                        }
                        if (batch.baseOffset() != expected) {
                            throw corrupt(file, position, "holds offset " + batch.baseOffset() + " where offset " + expected + " was expected");
                        }
                    }
                }
            }
            if (torn != null) {
                if (!last) {
                    throw corrupt(file, position, "ends with " + torn + ", but it is not the last segment");
                }
                log.warn("Log {} ends with {} at byte {} (a write cut off by a crash, never acknowledged); truncating {} bytes",
                        file, torn, position, size - position);
                segment.truncate(position);
                break;
            }
            segment.indexBatch(batch.baseOffset(), position, frameBytes, settings.indexIntervalBytes());
            replay.accept(batch);
            expected = batch.nextOffset();
            position += frameBytes;
        }
        return expected;
    }

    @Override
    public LogBatch append(List<LogRecord> records, BatchProducer producer)
    {
        long baseOffset = nextOffset;
        ByteBuffer frame = BatchCodec.encode(baseOffset, records, producer);
        int bytes = frame.remaining();
        try {
            Segment active = segments.get(segments.size() - 1);
            if (active.size() > 0 && active.size() + bytes > settings.segmentBytes()) {
                active = roll(active, baseOffset);
            }
            long position = active.write(frame);
            active.indexBatch(baseOffset, position, bytes, settings.indexIntervalBytes());
        }
        catch (IOException e) {
            throw LogFiles.storageFailure("append to the log in " + directory, e);
        }
        dirty = true;
        nextOffset = baseOffset + records.size();
        return new LogBatch(baseOffset, records, producer.producerId(), producer.epoch(), producer.baseSequence(), producer.sequenceCount());
    }

    /** Makes the full segment durable with its index and starts a new one at {@code baseOffset}. */
    private Segment roll(Segment full, long baseOffset)
            throws IOException
    {
        full.channel().force(false);
        full.writeIndex(directory);
        Segment next = Segment.create(directory, baseOffset);
        LogFiles.fsyncDirectory(directory);
        segments.add(next);
        return next;
    }

    @Override
    public void flush()
    {
        if (!dirty) {
            return;
        }
        try {
            segments.get(segments.size() - 1).channel().force(false);
            dirty = false;
        }
        catch (IOException e) {
            throw LogFiles.storageFailure("fsync the log in " + directory, e);
        }
    }

    @Override
    public boolean dirty()
    {
        return dirty;
    }

    @Override
    public long nextOffset()
    {
        return nextOffset;
    }

    /** How many segment files the log has. */
    public int segmentCount()
    {
        return segments.size();
    }

    @Override
    public List<LogBatch> read(long fromOffset, int maxBytes)
    {
        List<LogBatch> batches = new ArrayList<>();
        long end = nextOffset;
        if (fromOffset < 0 || fromOffset >= end) {
            return batches;
        }
        List<Segment> snapshot = List.copyOf(segments);
        int first = 0;
        for (int i = 0; i < snapshot.size(); i++) {
            if (snapshot.get(i).baseOffset() <= fromOffset) {
                first = i;
            }
        }
        long bytes = 0;
        try {
            for (int i = first; i < snapshot.size() && bytes < maxBytes; i++) {
                Segment segment = snapshot.get(i);
                long position = i == first ? segment.floorPosition(fromOffset) : 0;
                long size = segment.size();
                ByteBuffer head = ByteBuffer.allocate(BatchCodec.LENGTH_AND_CRC);
                while (position < size && (bytes < maxBytes || batches.isEmpty())) {
                    head.clear();
                    LogFiles.readFully(segment.channel(), head, position);
                    head.flip();
                    int length = head.getInt();
                    head.getInt();
                    ByteBuffer body = ByteBuffer.allocate(length - Integer.BYTES);
                    LogFiles.readFully(segment.channel(), body, position + BatchCodec.LENGTH_AND_CRC);
                    body.flip();
                    LogBatch batch = BatchCodec.decode(body);
                    position += Integer.BYTES + length;
                    if (batch.nextOffset() > fromOffset) {
                        batches.add(batch);
                        bytes += Integer.BYTES + length;
                    }
                }
            }
        }
        catch (IOException e) {
            throw LogFiles.storageFailure("read the log in " + directory, e);
        }
        return batches;
    }

    @Override
    public void close()
    {
        try {
            if (dirty) {
                flush();
            }
            segments.get(segments.size() - 1).writeIndex(directory);
        }
        catch (IOException | GroveException e) {
            log.warn("Closing log {} cleanly failed; the next start scans it anyway", directory, e);
        }
        closeQuietly(segments);
    }

    private static void closeQuietly(List<Segment> segments)
    {
        for (Segment segment : segments) {
            try {
                segment.close();
            }
            catch (IOException e) {
                log.warn("Closing segment {} failed", segment.file(), e);
            }
        }
    }

    private static List<Path> segmentFiles(Path directory)
            throws IOException
    {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(Segment.SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    private static long baseOffsetOf(Path file)
    {
        String name = file.getFileName().toString();
        String digits = name.substring(0, name.length() - Segment.SUFFIX.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            throw corrupt(file, 0, "is not named <20-digit base offset>" + Segment.SUFFIX);
        }
        return Long.parseLong(digits);
    }

    private static boolean zerosFrom(FileChannel channel, long from, long size)
            throws IOException
    {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long position = from;
        while (position < size) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), size - position));
            LogFiles.readFully(channel, buffer, position);
            buffer.flip();
            while (buffer.hasRemaining()) {
                if (buffer.get() != 0) {
                    return false;
                }
            }
            position += buffer.limit();
        }
        return true;
    }

    private static GroveException corrupt(Path file, long position, String what)
    {
        return new GroveException(GroveErrorCode.LOG_CORRUPTED, "Log file " + file + " is corrupt: the batch at byte " + position + " " + what
                + ". Grove will not cut acknowledged data; restore the file from a copy, or move it and later segments aside to start without them");
    }
}
