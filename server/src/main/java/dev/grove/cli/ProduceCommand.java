package dev.grove.cli;

import dev.grove.client.GroveAdminClient;
import dev.grove.client.GroveClientException;
import dev.grove.client.GroveProducer;
import dev.grove.client.ProducerConfig;
import dev.grove.client.RecordMetadata;
import dev.grove.client.RecordRejectedException;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code grove produce DATASOURCE [FILE]}: JSON lines from a file or stdin, through the Java producer
 * SDK over gRPC. Blank lines are skipped; refused lines are reported with their line number. Whatever
 * stops it (the end of the input, a failure, Ctrl-C), it ends with a summary that names the line to
 * resume from with {@code --from-line}.
 */
@Command(name = "produce", mixinStandardHelpOptions = true, description = "Send JSON lines (one event per line) from a file or stdin into a datasource.")
final class ProduceCommand
        implements Callable<Integer>
{
    /** The node's default {@code grove.ingest.maxBatchRecords}: a larger batch would be refused whole. */
    static final int MAX_BATCH_SIZE = 10_000;
    private static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(5);
    private static final long INTERRUPT_DRAIN_MILLIS = 5_000;

    @Spec
    CommandSpec spec;

    @Mixin
    NodeGrpcAddress node;

    @Mixin
    NodeCredentials credentials;

    @Parameters(index = "0", description = "Target datasource.")
    String datasource;

    @Parameters(index = "1", arity = "0..1", description = "File of JSON lines; without it, stdin.")
    Path file;

    @Option(names = "--batch-size", defaultValue = "1000", description = "Records per Produce call, 1 to " + MAX_BATCH_SIZE + " (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--from-line", defaultValue = "1", description = "Skip the lines before this one (1-based), e.g. to resume where a stopped run ended (default: ${DEFAULT-VALUE}).")
    long fromLine;

    @Override
    public Integer call()
            throws IOException
    {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be between 1 and " + MAX_BATCH_SIZE + " (the node's largest batch), was " + batchSize);
        }
        if (fromLine < 1) {
            throw new ParameterException(spec.commandLine(), "--from-line counts from 1, was " + fromLine);
        }
        if (file != null && !Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), Files.exists(file) ? file + " is not a file" : "File " + file + " does not exist");
        }
        if (!checkDatasource()) {
            return 1;
        }
        ProduceProgress progress = new ProduceProgress(datasource, file == null ? -1 : Files.size(file), fromLine);
        Thread onInterrupt = new Thread(() -> {
            progress.stopReading();
            progress.awaitInFlight(INTERRUPT_DRAIN_MILLIS);
            progress.printSummary(System.out, System.err, "Interrupted");
        }, "grove-produce-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            produce(progress);
        }
        finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            }
            catch (IllegalStateException ignored) {
                // already shutting down: the hook prints the summary
            }
        }
        progress.printSummary(System.out, System.err, null);
        return progress.succeeded() ? 0 : 1;
    }

    private void produce(ProduceProgress progress)
            throws IOException
    {
        try (InputStream in = file == null ? System.in : Files.newInputStream(file);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                // one batch in flight: lines land in file order and the resume line is exact (the SDK keeps no order across
                // concurrent batches until producer sequence numbers arrive)
                Channel channel = new Channel(channel());
                GroveProducer producer = new GroveProducer(ProducerConfig.builder(node.grpcTarget()).batchSize(batchSize).maxInFlightRequests(1).build(),
                        channel.channel())) {
            progress.startDisplay();
            String line;
            long lineNumber = 0;
            while ((line = reader.readLine()) != null && !progress.stopped()) {
                lineNumber++;
                progress.read(lineNumber, line.length() + 1L);
                if (lineNumber < fromLine || line.isBlank()) {
                    continue;
                }
                long sent = lineNumber;
                progress.sending(sent);
                CompletableFuture<RecordMetadata> future = producer.send(datasource, line);
                future.whenComplete((metadata, failure) -> {
                    if (failure == null) {
                        progress.acknowledged(sent, metadata.warnings());
                    }
                    else if (failure instanceof RecordRejectedException rejected) {
                        progress.refused(sent, rejected.getMessage());
                    }
                    else {
                        // the call failed (node gone, datasource dropped): every later line would fail the same way
                        progress.failed(sent, describe(failure));
                    }
                });
            }
            producer.flush();
        }
        finally {
            progress.stopDisplay();
        }
    }

    /** A channel to the node, sending the credentials with every call when --user is given. */
    private ManagedChannel channel()
    {
        ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(node.grpcTarget()).usePlaintext();
        credentials.credentials().ifPresent(builder::intercept);
        return builder.build();
    }

    /** Closes the producer's channel after the producer (declared before it, so closed after it). */
    private record Channel(ManagedChannel channel)
            implements AutoCloseable
    {
        @Override
        public void close()
        {
            channel.shutdown();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Fails early, before anything is sent, when the node is unreachable or the datasource does not exist. */
    private boolean checkDatasource()
    {
        ManagedChannel channel = channel();
        try (GroveAdminClient admin = new GroveAdminClient(channel, PREFLIGHT_TIMEOUT)) {
            admin.getDatasource(datasource);
            return true;
        }
        catch (GroveClientException e) {
            System.err.println("ERROR: " + describe(e));
            return false;
        }
        finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String describe(Throwable failure)
    {
        if (failure instanceof GroveClientException client && (client.code() == Status.Code.UNAVAILABLE || client.code() == Status.Code.DEADLINE_EXCEEDED)
                && !client.getMessage().contains("shutting down")) {
            return NodeAddress.unreachable("gRPC", node.grpcTarget(), "--grpc-port");
        }
        String message = String.valueOf(failure.getMessage());
        // the SDK prefixes the gRPC code for programs; a person reads the node's sentence
        if (failure instanceof GroveClientException client && message.startsWith(client.code() + ": ")) {
            message = message.substring(client.code().toString().length() + 2);
        }
        if (failure instanceof GroveClientException client && client.code() == Status.Code.UNAUTHENTICATED && credentials.user == null) {
            return message + NodeCredentials.hint();
        }
        return message;
    }

    static String plural(long count, String noun)
    {
        return String.format("%,d %s%s", count, noun, count == 1 ? "" : "s");
    }
}
