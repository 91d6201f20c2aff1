package dev.grove.bench.vskafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench/run-produce.sh --vs-kafka}: Grove against Apache Kafka on this machine, one after the other
 * in one run, with the same values, producers, batching and ack semantics (see issue 7, "What it must show").
 *
 * <p>For every ack mode × value size × producer count it runs Kafka, then Grove, each as fast as
 * acknowledgements allow; then, per ack mode, both at a fixed rate (50,000 records/s by default) for the ack
 * latency. It prints a Markdown table with the Grove/Kafka ratio and, with {@code --out FILE}, writes the
 * rows as a JSON array. {@code --quick} shortens warm-up and window so the whole run takes under 3 minutes.
 * Everything listens on 127.0.0.1 only and lives in temporary directories deleted at the end.
 */
public final class ProduceVsKafka
{
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    private ProduceVsKafka() {}

    public static void main(String[] arguments)
            throws Exception
    {
        if (Arrays.asList(arguments).contains("--help")) {
            System.out.println(RunOptions.USAGE);
            return;
        }
        RunOptions options;
        try {
            options = RunOptions.parse(arguments);
        }
        catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(RunOptions.USAGE);
            System.exit(2);
            return;
        }
        List<RowResult> results = run(options);
        if (results.stream().anyMatch(result -> result.errors() > 0)) {
            System.err.println("Some records failed: the rows marked with errors are not results.");
            System.exit(1);
        }
    }

    /** Starts the systems, runs every row, prints the table, writes the JSON, stops everything. */
    static List<RowResult> run(RunOptions options)
            throws Exception
    {
        quietKafkaLogs();
        List<RowSpec> plan = options.plan();
        System.out.printf(Locale.ROOT, "Grove vs Apache Kafka %s, produce: %d rows per system; per system an unrecorded warm-up of %d ms, then per row warm-up %d ms and window %d ms%s%n",
                AppInfoParser.getVersion(), plan.size(), options.systemWarmUp().toMillis(), options.warmUp().toMillis(), options.window().toMillis(), options.quick() ? " (--quick)" : "");
        System.out.println(machine());
        System.out.printf(Locale.ROOT, "both systems: producers %s, each with its own connection and thread; batches of %d records, linger %d ms, "
                        + "%d requests in flight, at most %d batches buffered per producer; values are JSON events of exactly the row's size%n",
                options.producers(), options.settings().batchRecords(), options.settings().linger().toMillis(),
                options.settings().maxInFlight(), options.settings().bufferBatches());

        List<SystemUnderTest> systems = new ArrayList<>();
        List<RowResult> results = new ArrayList<>();
        try {
            if (options.systems().contains("kafka")) {
                systems.add(new KafkaSystem(EmbeddedKafka.start(), options.settings(), options.partitions()));
            }
            if (options.systems().contains("grove")) {
                systems.add(GroveSystem.start(options.settings(), options.partitions()));
            }
            systems.forEach(system -> System.out.println(system.note()));
            int row = 0;
            for (SystemUnderTest system : systems) {
                row++;
                warmUp(system, plan.get(0), row, options.systemWarmUp());
            }
            System.out.println();
            for (RowSpec spec : plan) {
                for (SystemUnderTest system : systems) {
                    row++;
                    RowResult result = runRow(system, spec, row, options);
                    results.add(result);
                    System.out.println(progress(result));
                }
            }
        }
        finally {
            for (int i = systems.size() - 1; i >= 0; i--) {
                try {
                    systems.get(i).close();
                }
                catch (RuntimeException e) {
                    System.err.println("Could not stop " + systems.get(i).name() + ": " + e);
                }
            }
        }
        System.out.println();
        System.out.println("load average at the end: " + loadAverage());
        System.out.println();
        Report.printTable(results, System.out);
        if (options.out().isPresent()) {
            Report.writeJson(results, options.out().get());
            System.out.println("wrote " + options.out().get());
        }
        return results;
    }

    /** An unrecorded first run, so neither system's first row pays for class loading and a cold JIT. */
    private static void warmUp(SystemUnderTest system, RowSpec spec, int row, Duration duration)
            throws Exception
    {
        if (duration.isZero()) {
            return;
        }
        try (SystemUnderTest.ProduceTarget target = system.open(spec, row)) {
            LoadRun.Measurement measurement = LoadRun.run(target, spec, duration, Duration.ofMillis(100), DRAIN_TIMEOUT);
            if (measurement.firstError() != null) {
                throw new IllegalStateException(system.name() + " failed while warming up", measurement.firstError());
            }
        }
        System.out.printf(Locale.ROOT, "%s warmed up for %d ms (not recorded)%n", system.name(), duration.toMillis());
    }

    private static RowResult runRow(SystemUnderTest system, RowSpec spec, int row, RunOptions options)
            throws Exception
    {
        // start each row from a collected heap: both systems and their clients share this JVM
        System.gc();
        long flushesBefore = system.logFlushes();
        LoadRun.Measurement measurement;
        try (SystemUnderTest.ProduceTarget target = system.open(spec, row)) {
            measurement = LoadRun.run(target, spec, options.warmUp(), options.window(), DRAIN_TIMEOUT);
        }
        long flushes = flushesBefore < 0 ? -1 : system.logFlushes() - flushesBefore;
        if (measurement.firstError() != null) {
            System.err.printf("%s row %d: %d records failed, first: %s%n", system.name(), row, measurement.errors(), measurement.firstError());
        }
        return new RowResult(system.name(), spec, system.appliedAcks(spec.acks()), measurement.records(), measurement.seconds(),
                measurement.p50Millis(), measurement.p99Millis(), measurement.errors(), flushes);
    }

    private static String progress(RowResult result)
    {
        RowSpec spec = result.spec();
        return String.format(Locale.ROOT, "%-5s %-8s %5d B x%d %-10s %,10.0f records/s  %7.1f MB/s  ack p50 %8.2f ms  p99 %8.2f ms%s%s",
                result.system(), spec.acks().label(), spec.valueBytes(), spec.producers(),
                spec.isFixedRate() ? String.format(Locale.ROOT, "@%,d/s", spec.fixedRate()) : "max",
                result.recordsPerSecond(), result.megabytesPerSecond(), result.p50Millis(), result.p99Millis(),
                result.logFlushes() >= 0 ? String.format(Locale.ROOT, "  (%,d broker fsyncs)", result.logFlushes()) : "",
                result.errors() > 0 ? "  " + result.errors() + " ERRORS" : "");
    }

    /** Kafka's INFO log is hundreds of lines per topic; warnings and errors still show. */
    private static void quietKafkaLogs()
    {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
                context.getLogger(name).setLevel(Level.WARN);
            }
        }
    }

    private static String machine()
    {
        String cpu = "";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("");
        }
        catch (IOException | RuntimeException e) {
            // not Linux: the core count below still says enough
        }
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : 0;
        return String.format(Locale.ROOT, "machine: %d cores%s, %.0f GiB RAM, %s %s, Java %s (max heap %.1f GiB); load average at the start %s; %s",
                Runtime.getRuntime().availableProcessors(), cpu.isEmpty() ? "" : " (" + cpu + ")", memory / 1073741824.0,
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() / 1073741824.0, loadAverage(), Instant.now());
    }

    private static String loadAverage()
    {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.join(" / ", Arrays.asList(fields).subList(0, 3)) + " (1 / 5 / 15 min)";
        }
        catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /**
     * Rows run in this order: as fast as possible for each ack mode, size and producer count (if
     * {@code maxRows}), then per ack mode one fixed-rate row with the first size and one producer.
     */
    static List<RowSpec> plan(List<AckMode> acks, List<Integer> valueSizes, List<Integer> producers, boolean maxRows, int fixedRate)
    {
        List<RowSpec> plan = new ArrayList<>();
        for (AckMode mode : maxRows ? acks : List.<AckMode>of()) {
            for (int valueBytes : valueSizes) {
                for (int count : producers) {
                    plan.add(new RowSpec(mode, valueBytes, count, 0));
                }
            }
        }
        if (fixedRate > 0) {
            for (AckMode mode : acks) {
                plan.add(new RowSpec(mode, valueSizes.get(0), 1, fixedRate));
            }
        }
        return plan;
    }
}
