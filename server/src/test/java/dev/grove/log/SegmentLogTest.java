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
import java.util.stream.Stream;

import static dev.grove.log.DatasourceLogTest.records;
import static org.assertj.core.api.Assertions.assertThat;

class SegmentLogTest
{
    private static final LogSettings SMALL = new LogSettings(1024, 64);

    @TempDir
    Path directory;

    private List<LogBatch> reopen(Path partition)
    {
        List<LogBatch> replayed = new ArrayList<>();
        SegmentLog.open(partition, SMALL, replayed::add).close();
        return replayed;
    }

    @Test
    void aTornLastBatchIsCutAtEveryBytePositionAndNothingBeforeItIsLost()
            throws IOException
    {
        Path partition = directory.resolve("p");
        BatchProducer producer = new BatchProducer(7, (short) 1, 10, 3);
        try (SegmentLog log = SegmentLog.open(partition, LogSettings.DEFAULT, batch -> {})) {
            log.append(records("a", "b"), BatchProducer.NONE);
            log.append(records("c"), producer);
            log.flush();
        }
        Path file = segments(partition).get(0);
        byte[] intact = Files.readAllBytes(file);
        int lastBatchStart = BatchCodec.encode(0, records("a", "b"), BatchProducer.NONE).remaining();
        for (int cut = lastBatchStart; cut < intact.length; cut++) {
            Files.write(file, java.util.Arrays.copyOf(intact, cut));
            List<LogBatch> replayed = reopen(partition);
            assertThat(replayed).as("cut at byte %s", cut).extracting(LogBatch::baseOffset).containsExactly(0L);
            assertThat(Files.size(file)).as("cut at byte %s", cut).isEqualTo(lastBatchStart);
        }
        Files.write(file, intact);
        List<LogBatch> replayed = reopen(partition);
        assertThat(replayed).hasSize(2);
        LogBatch last = replayed.get(1);
        assertThat(last.producerId()).isEqualTo(7);
        assertThat(last.producerEpoch()).isEqualTo((short) 1);
        assertThat(last.baseSequence()).isEqualTo(10);
        assertThat(last.sequenceCount()).isEqualTo(3);
    }

    @Test
    void segmentsRollBySizeAndReadsStartAtAnyOffset()
            throws IOException
    {
        Path partition = directory.resolve("p");
        int batches = 60;
        try (SegmentLog log = SegmentLog.open(partition, SMALL, batch -> {})) {
            for (int i = 0; i < batches; i++) {
                log.append(records("value-" + (2 * i), "value-" + (2 * i + 1)), BatchProducer.NONE);
            }
            log.flush();
            assertThat(log.segmentCount()).isGreaterThan(3);
            for (long from : new long[] {0, 1, 37, 64, 119}) {
                List<LogBatch> read = log.read(from, 1);
                assertThat(read).hasSize(1);
                assertThat(read.get(0).baseOffset()).isLessThanOrEqualTo(from);
                assertThat(read.get(0).nextOffset()).isGreaterThan(from);
                assertThat(new String(read.get(0).records().get((int) (from - read.get(0).baseOffset())).value(), StandardCharsets.UTF_8))
                        .isEqualTo("value-" + from);
            }
            assertThat(log.read(120, 1000)).isEmpty();
            assertThat(log.read(10, 1 << 20)).extracting(LogBatch::baseOffset).first().isEqualTo(10L);
            assertThat(log.read(10, 1 << 20)).hasSize(batches - 5);
        }
        List<LogBatch> replayed = reopen(partition);
        assertThat(replayed).hasSize(batches);
        assertThat(segments(partition).size()).isGreaterThan(3);
        try (Stream<Path> files = Files.list(partition)) {
            assertThat(files.filter(file -> file.toString().endsWith(".idx")).count()).isGreaterThan(3);
        }
    }

    @Test
    void aTornTailInAnEarlierSegmentIsCorruptionNotATornWrite()
            throws IOException
    {
        Path partition = directory.resolve("p");
        try (SegmentLog log = SegmentLog.open(partition, SMALL, batch -> {})) {
            for (int i = 0; i < 40; i++) {
                log.append(records("value-" + i), BatchProducer.NONE);
            }
        }
        Path first = segments(partition).get(0);
        try (RandomAccessFile raw = new RandomAccessFile(first.toFile(), "rw")) {
            raw.setLength(raw.length() - 2);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> reopen(partition))
                .hasMessageContaining(first.toString())
                .hasMessageContaining("not the last segment");
    }

    private static List<Path> segments(Path partition)
            throws IOException
    {
        try (Stream<Path> files = Files.list(partition)) {
            return files.filter(file -> file.toString().endsWith(".seg")).sorted().toList();
        }
    }
}
