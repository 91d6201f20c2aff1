package dev.grove.bench.vskafka;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunOptionsTest
{
    @Test
    void theDefaultsRunEveryRowTheIssueAsksFor()
    {
        RunOptions options = RunOptions.parse("--vs-kafka");
        assertThat(options.quick()).isFalse();
        assertThat(options.out()).isEmpty();
        assertThat(options.settings()).isEqualTo(new ClientSettings(1000, Duration.ofMillis(5), 5, 8));
        List<RowSpec> plan = options.plan();
        // 2 ack modes x 2 sizes x 2 producer counts, then one fixed-rate row per ack mode
        assertThat(plan).hasSize(10);
        assertThat(plan).filteredOn(RowSpec::isFixedRate)
                .containsExactly(new RowSpec(AckMode.DURABLE, 100, 1, 50_000), new RowSpec(AckMode.BUFFERED, 100, 1, 50_000));
        assertThat(plan).filteredOn(spec -> !spec.isFixedRate())
                .extracting(RowSpec::valueBytes).containsOnly(100, 1024);
        assertThat(options.systems()).containsExactly("kafka", "grove");
    }

    @Test
    void quickShortensTheWindowsAndOutTakesAFileInEitherForm()
    {
        RunOptions quick = RunOptions.parse("--vs-kafka", "--quick", "--out", "results.json");
        assertThat(quick.window()).isEqualTo(Duration.ofSeconds(3));
        assertThat(quick.warmUp()).isEqualTo(Duration.ofSeconds(1));
        assertThat(quick.out()).contains(Path.of("results.json"));
        assertThat(RunOptions.parse("--out=r.json", "--window-s=0.5").out()).contains(Path.of("r.json"));
        assertThat(RunOptions.parse("--out=r.json", "--window-s=0.5").window()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void rowsSelectsThroughputOrFixedRateRows()
    {
        assertThat(RunOptions.parse("--rows=fixed", "--acks=durable").plan()).containsExactly(new RowSpec(AckMode.DURABLE, 100, 1, 50_000));
        assertThat(RunOptions.parse("--rows=max").plan()).noneMatch(RowSpec::isFixedRate).hasSize(8);
    }

    @Test
    void badOptionsAreRefusedWithWhatIsWrong()
    {
        assertThatThrownBy(() -> RunOptions.parse("--records=5")).hasMessage("Unknown option --records");
        assertThatThrownBy(() -> RunOptions.parse("--acks=all")).hasMessageContaining("Unknown ack mode 'all'");
        assertThatThrownBy(() -> RunOptions.parse("--values=10")).hasMessageContaining("valueBytes must be at least");
        assertThatThrownBy(() -> RunOptions.parse("--producers=x")).hasMessageContaining("--producers takes whole numbers");
        assertThatThrownBy(() -> RunOptions.parse("--in-flight=6")).hasMessageContaining("Kafka's limit with idempotence");
        assertThatThrownBy(() -> RunOptions.parse("--rows=fixed", "--fixed-rate=0")).hasMessageContaining("No rows to run");
        assertThatThrownBy(() -> RunOptions.parse("--partitions=0")).hasMessageContaining("--partitions must be positive");
        assertThatThrownBy(() -> RunOptions.parse("--systems=pulsar")).hasMessageContaining("Unknown system 'pulsar'");
        assertThatThrownBy(() -> RunOptions.parse("--out")).hasMessage("--out needs a file name");
        assertThatThrownBy(() -> RunOptions.parse("quick")).hasMessage("Unexpected argument 'quick'");
    }
}
