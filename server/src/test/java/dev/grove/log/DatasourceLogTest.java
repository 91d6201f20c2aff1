package dev.grove.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatasourceLogTest
{
    @TempDir
    Path directory;

    private static List<LogRecord> records(String... values)
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
    void recoveryStopsAtCorruptBatch()
            throws IOException
    {
        try (DatasourceLog log = DatasourceLog.open(directory.resolve("events"), batch -> {})) {
            log.append(records("a"));
            log.append(records("b"));
            log.append(records("c"));
            log.flush();
        }
        Path file = onlyFile();
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            long secondFrameValue = Files.size(file) * 2 / 3 - 2;
            raw.seek(secondFrameValue);
            raw.write(0x7f ^ raw.readByte());
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

    private Path onlyFile()
            throws IOException
    {
        try (var files = Files.list(directory.resolve("events"))) {
            return files.findFirst().orElseThrow();
        }
    }
}
