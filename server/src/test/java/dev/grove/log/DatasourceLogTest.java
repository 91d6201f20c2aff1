package dev.grove.log;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasourceLogTest
{
    @TempDir
    Path directory;

    static List<LogRecord> records(String... values)
    {
        List<LogRecord> records = new ArrayList<>();
        for (String value : values) {
            records.add(new LogRecord(new byte[] {1}, value.getBytes(StandardCharsets.UTF_8), 42));
        }
        return records;
    }

    private List<LogBatch> reopen()
    {
        List<LogBatch> replayed = new ArrayList<>();
        DatasourceLog.open(directory.resolve("events"), replayed::add).close();
        return replayed;
    }

    @Test
    void replaysBatchesInOrderWithConsecutiveOffsets()
    {
        try (DatasourceLog log = DatasourceLog.open(directory.resolve("events"), batch -> {})) {
            assertThat(log.append(records("a", "b")).baseOffset()).isEqualTo(0);
            assertThat(log.append(records("c")).baseOffset()).isEqualTo(2);
            log.flush();
        }
        List<LogBatch> replayed = reopen();
        assertThat(replayed).extracting(LogBatch::baseOffset).containsExactly(0L, 2L);
        assertThat(new String(replayed.get(1).records().get(0).value(), StandardCharsets.UTF_8)).isEqualTo("c");
        assertThat(replayed.get(0).records().get(0).timestampMillis()).isEqualTo(42);
        try (DatasourceLog log = DatasourceLog.open(directory.resolve("events"), batch -> {})) {
            assertThat(log.nextOffset()).isEqualTo(3);
        }
    }

    @Test
    void recoveryTruncatesTornTail()
            throws IOException
    {
        try (DatasourceLog log = DatasourceLog.open(directory.resolve("events"), batch -> {})) {
            log.append(records("a", "b"));
            log.append(records("c", "d"));
            log.flush();
        }
        Path file = onlyFile();
        long size = Files.size(file);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(size - 3);
        }
        List<LogBatch> replayed = reopen();
        assertThat(replayed).extracting(LogBatch::baseOffset).containsExactly(0L);
        try (DatasourceLog log = DatasourceLog.open(directory.resolve("events"), batch -> {})) {
            assertThat(log.nextOffset()).isEqualTo(2);
            assertThat(log.append(records("e")).baseOffset()).isEqualTo(2);
            log.flush();
        }
        assertThat(reopen()).extracting(LogBatch::baseOffset).containsExactly(0L, 2L);
    }

    @Test
    void aCorruptBatchWithLaterBatchesAfterItIsAnErrorNamingFileAndPosition()
            throws IOException
    {
        long secondBatch;
        try (DatasourceLog log = DatasourceLog.open(directory.resolve("events"), batch -> {})) {
            log.append(records("a"));
            log.flush();
            secondBatch = Files.size(onlyFile());
            log.append(records("b"));
            log.append(records("c"));
            log.flush();
        }
        Path file = onlyFile();
        long sizeBefore = Files.size(file);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(secondBatch + 20);
            int value = raw.readByte();
            raw.seek(secondBatch + 20);
            raw.write(0x7f ^ value);
        }
        assertThatThrownBy(this::reopen)
                .isInstanceOfSatisfying(GroveException.class, e -> assertThat(e.code()).isEqualTo(GroveErrorCode.LOG_CORRUPTED))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("at byte " + secondBatch)
                .hasMessageContaining("CRC32C");
        // nothing was cut: acknowledged batches after the damage are still there to restore
        assertThat(Files.size(file)).isEqualTo(sizeBefore);
    }

    @Test
    void aLastBatchFailingItsCrcIsATornWrite()
            throws IOException
    {
        try (DatasourceLog log = DatasourceLog.open(directory.resolve("events"), batch -> {})) {
            log.append(records("a"));
            log.append(records("b"));
            log.flush();
        }
        Path file = onlyFile();
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(raw.length() - 1);
            int last = raw.readByte();
            raw.seek(raw.length() - 1);
            raw.write(0x7f ^ last);
        }
        assertThat(reopen()).extracting(LogBatch::baseOffset).containsExactly(0L);
    }

    @Test
    void garbageAfterIntactBatchesIsDropped()
            throws IOException
    {
        try (DatasourceLog log = DatasourceLog.open(directory.resolve("events"), batch -> {})) {
            log.append(records("a"));
            log.flush();
        }
        long intact = Files.size(onlyFile());
        Files.write(onlyFile(), new byte[] {0, 0, 0, 9, 1, 2}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(reopen()).hasSize(1);
        assertThat(Files.size(onlyFile())).isEqualTo(intact);
    }

    @Test
    void zerosAfterIntactBatchesAreATornTail()
            throws IOException
    {
        try (DatasourceLog log = DatasourceLog.open(directory.resolve("events"), batch -> {})) {
            log.append(records("a"));
            log.flush();
        }
        long intact = Files.size(onlyFile());
        Files.write(onlyFile(), new byte[4096], java.nio.file.StandardOpenOption.APPEND);
        assertThat(reopen()).hasSize(1);
        assertThat(Files.size(onlyFile())).isEqualTo(intact);
    }

    @Test
    void aFormat1LogIsMigratedIntoPartitionZeroKeepingOffsets()
            throws IOException
    {
        Path events = directory.resolve("events");
        Files.createDirectories(events);
        LegacyLog.write(events.resolve(LegacyLog.FILE_NAME), List.of(new LogBatch(0, records("a", "b")), new LogBatch(2, records("c"))));
        // a torn frame at the end, as format 1 could leave it
        Files.write(events.resolve(LegacyLog.FILE_NAME), new byte[] {0, 0, 1, 0, 5}, java.nio.file.StandardOpenOption.APPEND);
        List<LogBatch> replayed = reopen();
        assertThat(replayed).extracting(LogBatch::baseOffset).containsExactly(0L, 2L);
        assertThat(new String(replayed.get(1).records().get(0).value(), StandardCharsets.UTF_8)).isEqualTo("c");
        assertThat(events.resolve(LegacyLog.FILE_NAME)).doesNotExist();
        assertThat(DatasourceLog.partitionDirectory(events, 0)).isDirectory();
        assertThat(reopen()).extracting(LogBatch::baseOffset).containsExactly(0L, 2L);
    }

    @Test
    void aMigrationCutOffAfterItsRenameFinishesOnTheNextOpen()
            throws IOException
    {
        Path events = directory.resolve("events");
        Files.createDirectories(events);
        LegacyLog.write(events.resolve(LegacyLog.FILE_NAME), List.of(new LogBatch(0, records("a"))));
        reopen();
        // as if the crash came between the rename and deleting the old file
        LegacyLog.write(events.resolve(LegacyLog.FILE_NAME), List.of(new LogBatch(0, records("a"))));
        assertThat(reopen()).hasSize(1);
        assertThat(events.resolve(LegacyLog.FILE_NAME)).doesNotExist();
    }

    @Test
    void partitionsHaveTheirOwnOffsetsAndAPartitionCountBelowTheLogsIsRefused()
    {
        Path events = directory.resolve("events");
        try (DatasourceLog log = DatasourceLog.open(events, 3, LogSettings.DEFAULT, (partition, batch) -> {})) {
            assertThat(log.partition(2).append(records("x", "y"), BatchProducer.NONE).baseOffset()).isZero();
            assertThat(log.partition(0).append(records("z"), BatchProducer.NONE).baseOffset()).isZero();
            assertThat(log.partition(2).append(records("w"), BatchProducer.NONE).baseOffset()).isEqualTo(2);
            log.flush();
        }
        List<String> seen = new ArrayList<>();
        DatasourceLog.open(events, 3, LogSettings.DEFAULT, (partition, batch) -> seen.add(partition + "@" + batch.baseOffset())).close();
        assertThat(seen).containsExactly("0@0", "2@0", "2@2");
        assertThatThrownBy(() -> DatasourceLog.open(events, 2, LogSettings.DEFAULT, (partition, batch) -> {}))
                .isInstanceOfSatisfying(GroveException.class, e -> assertThat(e.code()).isEqualTo(GroveErrorCode.LOG_CORRUPTED))
                .hasMessageContaining("partition-2");
    }

    private Path onlyFile()
            throws IOException
    {
        try (Stream<Path> files = Files.list(DatasourceLog.partitionDirectory(directory.resolve("events"), 0))) {
            return files.filter(file -> file.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
    }
}
