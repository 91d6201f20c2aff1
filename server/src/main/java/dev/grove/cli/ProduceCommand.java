package dev.grove.cli;

import dev.grove.client.GroveProducer;
import dev.grove.client.ProducerConfig;
import dev.grove.client.RecordMetadata;
import dev.grove.client.RecordRejectedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code grove produce DATASOURCE [FILE]}: JSON lines from a file (with a progress bar) or stdin, through
 * the Java producer SDK over gRPC. Blank lines are skipped; refused lines are reported with their line number.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, description = "Send JSON lines (one event per line) from a file or stdin into a datasource.")
final class ProduceCommand
        implements Callable<Integer>
{
    private static final int MAX_REPORTED_ERRORS = 10;

    @Mixin
    NodeAddress node;

    @Parameters(index = "0", description = "Target datasource.")
    String datasource;

    @Parameters(index = "1", arity = "0..1", description = "File of JSON lines; without it, stdin.")
    Path file;

    @Option(names = "--batch-size", defaultValue = "1000", description = "Records per Produce call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call()
            throws IOException
    {
        long totalBytes = file == null ? -1 : Files.size(file);
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        Map<Long, String> errors = new ConcurrentSkipListMap<>();
        long lines = 0;
        long bytesRead = 0;
        long started = System.nanoTime();
        ProgressBar progress = new ProgressBar(totalBytes);
        AtomicReference<Throwable> callFailure = new AtomicReference<>();
        try (InputStream in = file == null ? System.in : Files.newInputStream(file);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                GroveProducer producer = new GroveProducer(ProducerConfig.builder(node.grpcTarget()).batchSize(batchSize).build())) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                bytesRead += line.length() + 1;
                if (line.isBlank()) {
                    continue;
                }
                long lineNumber = lines;
                CompletableFuture<RecordMetadata> future = producer.send(datasource, line);
                future.whenComplete((metadata, failure) -> {
                    if (failure == null) {
                        acknowledged.incrementAndGet();
                        return;
                    }
                    if (!(failure instanceof RecordRejectedException)) {
                        // the call failed (unknown datasource, node gone): every later line would fail the same way
                        callFailure.compareAndSet(null, failure);
                        return;
                    }
                    rejected.incrementAndGet();
                    if (errors.size() < MAX_REPORTED_ERRORS) {
                        errors.put(lineNumber, failure.getMessage());
                    }
                });
                if (callFailure.get() != null) {
                    break;
                }
                if (lines % 1000 == 0) {
                    progress.show(bytesRead, acknowledged.get());
                }
            }
            producer.flush();
        }
        progress.finish(bytesRead, acknowledged.get());
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        System.out.printf("%,d events acknowledged into %s in %.1f s (%,.0f/s)%s%n", acknowledged.get(), datasource, seconds, acknowledged.get() / seconds,
                rejected.get() == 0 ? "" : String.format("; %,d refused", rejected.get()));
        errors.forEach((lineNumber, message) -> System.err.println("  line " + lineNumber + ": " + message));
        if (callFailure.get() != null) {
            System.err.println("ERROR: " + callFailure.get().getMessage());
        }
        return rejected.get() == 0 && callFailure.get() == null ? 0 : 1;
    }

    /** A one-line progress bar on stderr, only when stderr is a terminal and the size is known. */
    private static final class ProgressBar
    {
        private static final int WIDTH = 30;
        private final long total;
        private final boolean enabled;

        ProgressBar(long total)
        {
            this.total = total;
            this.enabled = total > 0 && System.console() != null;
        }

        void show(long done, long acknowledged)
        {
            if (!enabled) {
                return;
            }
            double fraction = Math.min(1.0, (double) done / total);
            int filled = (int) (fraction * WIDTH);
            System.err.printf("\r[%s%s] %3.0f%%  %,d acknowledged", "#".repeat(filled), " ".repeat(WIDTH - filled), fraction * 100, acknowledged);
        }

        void finish(long done, long acknowledged)
        {
            if (enabled) {
                show(total, acknowledged);
                System.err.println();
            }
        }
    }
}
