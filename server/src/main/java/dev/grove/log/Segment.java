package dev.grove.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * One segment file of a partition log: batches from {@code baseOffset} on, with its sparse offset
 * index kept in memory (and written to {@code <baseOffset>.idx} when the segment rolls or closes).
 *
 * <p>Written by one thread; {@link #size()} and positional reads are safe from any thread.
 */
final class Segment
{
    static final String SUFFIX = ".seg";
    static final String INDEX_SUFFIX = ".idx";

    private final Path file;
    private final long baseOffset;
    private final FileChannel channel;
    /** Bytes of whole batches: what readers may see. */
    private volatile long size;
    private long[] indexOffsets = new long[16];
    private long[] indexPositions = new long[16];
    private volatile int indexEntries;
    private long bytesSinceIndexEntry = Long.MAX_VALUE;

    Segment(Path file, long baseOffset, FileChannel channel, long size)
    {
        this.file = requireNonNull(file, "file is null");
        this.baseOffset = baseOffset;
        this.channel = requireNonNull(channel, "channel is null");
        this.size = size;
    }

    static Path fileFor(Path directory, long baseOffset)
    {
        return directory.resolve(String.format("%020d%s", baseOffset, SUFFIX));
    }

    static Segment create(Path directory, long baseOffset)
            throws IOException
    {
        Path file = fileFor(directory, baseOffset);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(file, baseOffset, channel, 0);
    }

    Path file()
    {
        return file;
    }

    long baseOffset()
    {
        return baseOffset;
    }

    long size()
    {
        return size;
    }

    FileChannel channel()
    {
        return channel;
    }

    /** Notes a batch starting at {@code position}, adding an index entry every {@code interval} bytes. */
    synchronized void indexBatch(long offset, long position, int bytes, int interval)
    {
        if (bytesSinceIndexEntry >= interval) {
            int n = indexEntries;
            if (n == indexOffsets.length) {
                indexOffsets = Arrays.copyOf(indexOffsets, n * 2);
                indexPositions = Arrays.copyOf(indexPositions, n * 2);
            }
            indexOffsets[n] = offset;
            indexPositions[n] = position;
            indexEntries = n + 1;
            bytesSinceIndexEntry = 0;
        }
        bytesSinceIndexEntry += bytes;
    }

    /** Writes a whole frame at the end; returns its position. */
    long write(ByteBuffer frame)
            throws IOException
    {
        long position = size;
        int bytes = frame.remaining();
        while (frame.hasRemaining()) {
            channel.write(frame, position + (bytes - frame.remaining()));
        }
        size = position + bytes;
        return position;
    }

    void truncate(long newSize)
            throws IOException
    {
        channel.truncate(newSize);
        channel.force(true);
        size = newSize;
    }

    /** The position of the last indexed batch starting at or before {@code offset} (0 when none). */
    synchronized long floorPosition(long offset)
    {
        int n = indexEntries;
        int low = 0;
        int high = n - 1;
        long position = 0;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (indexOffsets[middle] <= offset) {
                position = indexPositions[middle];
                low = middle + 1;
            }
            else {
                high = middle - 1;
            }
        }
        return position;
    }

    /** Writes the sparse index beside the segment: entries of (int32 offset - baseOffset, int32 position). */
    void writeIndex(Path directory)
            throws IOException
    {
        int n = indexEntries;
        ByteBuffer bytes = ByteBuffer.allocate(n * 8);
        for (int i = 0; i < n; i++) {
            bytes.putInt((int) (indexOffsets[i] - baseOffset));
            bytes.putInt((int) indexPositions[i]);
        }
        bytes.flip();
        Path index = directory.resolve(String.format("%020d%s", baseOffset, INDEX_SUFFIX));
        try (FileChannel out = FileChannel.open(index, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
    }

    void close()
            throws IOException
    {
        channel.close();
    }
}
