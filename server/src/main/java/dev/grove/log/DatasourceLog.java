package dev.grove.log;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The log of one datasource (its topic): N partitions, each a {@link SegmentLog} in
 * {@code partition-<p>/}. A directory written by an older Grove (format 1: a single
 * {@code 00000000000000000000.log}) is migrated into partition 0 on open, keeping every offset; the
 * migration is crash-safe (written aside, renamed into place, then the old file deleted).
 *
 * <p>Not thread-safe as a whole: each partition is used by one appender thread after {@link #open}.
 */
public final class DatasourceLog
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(DatasourceLog.class);
    private static final String PARTITION_PREFIX = "partition-";

    private final Path directory;
    private final List<SegmentLog> partitions;

    private DatasourceLog(Path directory, List<SegmentLog> partitions)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.partitions = List.copyOf(partitions);
    }

    /** Opens a one-partition log with the default settings. */
    public static DatasourceLog open(Path directory, Consumer<LogBatch> replay)
    {
        return open(directory, 1, LogSettings.DEFAULT, (partition, batch) -> replay.accept(batch));
    }

    /**
     * Opens (creating if needed) the log of {@code partitionCount} partitions in {@code directory},
     * migrating a format-1 log first, and hands every batch to {@code replay}, partition by partition.
     */
    public static DatasourceLog open(Path directory, int partitionCount, LogSettings settings, BatchReplay replay)
    {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partitionCount must be at least 1, was " + partitionCount);
        }
        List<SegmentLog> partitions = new ArrayList<>(partitionCount);
        try {
            boolean created = !Files.exists(directory);
            Files.createDirectories(directory);
            if (created) {
                LogFiles.fsyncDirectory(directory.getParent());
            }
            migrateFormat1(directory, settings);
            checkNoExtraPartitions(directory, partitionCount);
            for (int partition = 0; partition < partitionCount; partition++) {
                int p = partition;
                partitions.add(SegmentLog.open(partitionDirectory(directory, partition), settings, batch -> replay.accept(p, batch)));
            }
            return new DatasourceLog(directory, partitions);
        }
        catch (IOException e) {
            partitions.forEach(SegmentLog::close);
            throw LogFiles.storageFailure("open the log in " + directory, e);
        }
        catch (RuntimeException e) {
            partitions.forEach(SegmentLog::close);
            throw e;
        }
    }

    public static Path partitionDirectory(Path directory, int partition)
    {
        return directory.resolve(PARTITION_PREFIX + partition);
    }

    public int partitionCount()
    {
        return partitions.size();
    }

    public PartitionLog partition(int partition)
    {
        return partitions.get(partition);
    }

    /** Appends to partition 0 without an idempotent producer. */
    public LogBatch append(List<LogRecord> records)
    {
        return partitions.get(0).append(records, BatchProducer.NONE);
    }

    /** Forces every partition to disk. */
    public void flush()
    {
        partitions.forEach(SegmentLog::flush);
    }

    /** The next offset of partition 0. */
    public long nextOffset()
    {
        return partitions.get(0).nextOffset();
    }

    @Override
    public void close()
    {
        partitions.forEach(SegmentLog::close);
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
            LogFiles.fsyncDirectory(directory.getParent());
        }
        catch (IOException e) {
            throw LogFiles.storageFailure("delete the log in " + directory, e);
        }
    }

    private static void migrateFormat1(Path directory, LogSettings settings)
            throws IOException
    {
        Path legacy = directory.resolve(LegacyLog.FILE_NAME);
        if (!Files.exists(legacy)) {
            return;
        }
        Path target = partitionDirectory(directory, 0);
        if (Files.exists(target)) {
            // a migration finished but a crash came before the old file was deleted
            Files.delete(legacy);
            LogFiles.fsyncDirectory(directory);
            return;
        }
        Path staging = directory.resolve(PARTITION_PREFIX + "0.migrating");
        delete(staging);
        List<LogBatch> batches = LegacyLog.read(legacy);
        long records = 0;
        try (SegmentLog partition = SegmentLog.open(staging, settings, batch -> {
            throw new IllegalStateException("a fresh staging directory has no batches");
        })) {
            for (LogBatch batch : batches) {
                LogBatch written = partition.append(batch.records(), BatchProducer.NONE);
                if (written.baseOffset() != batch.baseOffset()) {
                    throw new GroveException(GroveErrorCode.INTERNAL_ERROR, "Migrating " + legacy + " put offset " + batch.baseOffset() + " at " + written.baseOffset());
                }
                records += batch.records().size();
            }
            partition.flush();
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        LogFiles.fsyncDirectory(directory);
        Files.delete(legacy);
        LogFiles.fsyncDirectory(directory);
        log.info("Migrated log {} from format 1 to format 2 (partition 0): {} batches, {} records", directory, batches.size(), records);
    }

    private static void checkNoExtraPartitions(Path directory, int partitionCount)
            throws IOException
    {
        try (Stream<Path> children = Files.list(directory)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (name.startsWith(PARTITION_PREFIX) && Files.isDirectory(child)) {
                    String number = name.substring(PARTITION_PREFIX.length());
                    if (number.chars().allMatch(Character::isDigit) && !number.isEmpty() && Long.parseLong(number) >= partitionCount) {
                        throw new GroveException(GroveErrorCode.LOG_CORRUPTED, "Log " + directory + " has " + name + " but its datasource has "
                                + partitionCount + " partitions; the metadata store and the log disagree");
                    }
                }
            }
        }
    }
}
