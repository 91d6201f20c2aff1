package dev.grove.bench.vskafka;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.DefaultRecord;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBatchSizeTest
{
    /** Kafka's batch.size for the benchmark holds the same number of records as a Grove batch, by Kafka's own arithmetic. */
    @ParameterizedTest
    @CsvSource({"1000, 100, 5", "1000, 1024, 5", "1, 100, 0", "500, 4096, 20", "200, 127, 1"})
    void batchSizeHoldsExactlyTheRecordsOfAGroveBatch(int records, int valueBytes, long lingerMillis)
    {
        int kafkaBytes = DefaultRecordBatch.RECORD_BATCH_OVERHEAD;
        for (int offsetDelta = 0; offsetDelta < records; offsetDelta++) {
            kafkaBytes += DefaultRecord.sizeInBytes(offsetDelta, lingerMillis, -1, valueBytes, new Header[0]);
        }
        assertThat(KafkaSystem.batchBytes(records, valueBytes, lingerMillis)).isEqualTo(kafkaBytes);
        int oneMore = DefaultRecord.sizeInBytes(records, lingerMillis, -1, valueBytes, new Header[0]);
        assertThat(KafkaSystem.batchBytes(records + 1, valueBytes, lingerMillis)).isEqualTo(kafkaBytes + oneMore);
    }
}
