package dev.grove.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak: starts {@code grove start --demo} as its own process on free loopback ports in a fresh data
 * directory, runs concurrent HTTP query clients over the demo's example queries and {@code COUNT(*)} per
 * datasource, and every interval samples the node's resident memory, JVM heap, query latency, errors and
 * rows ingested into a CSV; prints a summary and stops the node with SIGTERM.
 * <pre>
 *   --duration=30m --rate=5000 --clients=16 --interval=10s --out=bench/results --jar=server/target/grove-server.jar
 * </pre>
 */
public final class SoakBenchmark
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HTTP_LINE = Pattern.compile("HTTP \\(Druid SQL API\\): http://([^:]+):(\\d+)/druid/v2/sql");
    private static final Pattern EXAMPLE_LINE = Pattern.compile("^\\s*\\./grove sql \"(.*)\"\\s*$");
    private static final List<String> DATASOURCES = List.of("orders", "payments", "stock", "saga_events");
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);

    private SoakBenchmark() {}

    public static void main(String[] arguments)
            throws Exception
    {
        Map<String, String> options = options(arguments);
        Duration duration = duration(options.getOrDefault("duration", "30m"));
        Duration interval = duration(options.getOrDefault("interval", "10s"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "5000"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        Path out = Path.of(options.getOrDefault("out", "bench/results"));
        Path jar = Path.of(options.getOrDefault("jar", "server/target/grove-server.jar"));
        Files.createDirectories(out);
        Path dataDir = Files.createTempDirectory("grove-soak-");
        Path csv = out.resolve("soak-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".csv");

        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                options.getOrDefault("node-heap", "-Xmx2g"), "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(),
                "start", "--demo", "--demo-rate", Integer.toString(rate), "--data-dir", dataDir.toString(),
                "--host", "127.0.0.1", "--http-port", "0", "--grpc-port", "0");
        System.err.println("soak: starting " + String.join(" ", command));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            Banner banner = readBanner(node, Duration.ofSeconds(120));
            System.err.printf("soak: node pid %d, HTTP port %d, %d example queries; %d clients for %s at %d events/s; samples to %s%n",
                    node.pid(), banner.httpPort(), banner.examples().size(), clients, duration, rate, csv);
            run(node, banner, clients, duration, interval, csv);
        }
        finally {
            node.destroy();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                System.err.println("soak: node did not stop within 60 s of SIGTERM; killing it");
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            System.err.println("soak: node exited with " + node.exitValue());
        }
    }

    private record Banner(int httpPort, List<String> examples) {}

    private record Sample(long seconds, long rssKb, long heapUsedBytes, long queries, long errors, double p50Millis, double p99Millis, long rows) {}

    private static void run(Process node, Banner banner, int clients, Duration duration, Duration interval, Path csv)
            throws Exception
    {
        // daemon threads: the benchmark's JVM ends when main does, whatever the HTTP client still holds
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "soak-http");
            thread.setDaemon(true);
            return thread;
        })).build();
        URI sql = URI.create("http://127.0.0.1:" + banner.httpPort() + "/druid/v2/sql");
        List<String> queries = new ArrayList<>(banner.examples());
        DATASOURCES.forEach(datasource -> queries.add("SELECT COUNT(*) FROM " + datasource));
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong totalQueries = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> firstErrors = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + duration.toNanos();
        for (int client = 0; client < clients; client++) {
            int offset = client;
            pool.submit(() -> {
                for (long i = offset; !stop.get() && System.nanoTime() < end; i++) {
                    String query = queries.get((int) (i % queries.size()));
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(sql).timeout(QUERY_TIMEOUT)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("query", query, "resultFormat", "array")))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            recordError(errors, firstErrors, response.statusCode() + " " + response.body());
                        }
                    }
                    catch (IOException e) {
                        recordError(errors, firstErrors, e.toString());
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    latencies.add(System.nanoTime() - start);
                    totalQueries.incrementAndGet();
                }
            });
        }
        List<Sample> samples = new ArrayList<>();
        long started = System.nanoTime();
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            writer.println("seconds,rss_kb,heap_used_bytes,queries,errors,p50_ms,p99_ms,rows_ingested");
            long previousErrors = 0;
            while (System.nanoTime() < end && node.isAlive()) {
                long sleepNanos = Math.min(interval.toNanos(), end - System.nanoTime());
                TimeUnit.NANOSECONDS.sleep(Math.max(0, sleepNanos));
                List<Long> window = drain(latencies);
                long errorCount = errors.get();
                Sample sample = new Sample(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), rssKb(node.pid()), heapUsed(http, banner.httpPort()),
                        window.size(), errorCount - previousErrors, percentile(window, 0.50), percentile(window, 0.99), rows(http, sql));
                previousErrors = errorCount;
                samples.add(sample);
                writer.printf("%d,%d,%d,%d,%d,%.2f,%.2f,%d%n", sample.seconds(), sample.rssKb(), sample.heapUsedBytes(), sample.queries(), sample.errors(),
                        sample.p50Millis(), sample.p99Millis(), sample.rows());
                writer.flush();
                System.err.printf("soak: t=%4ds rss=%7d KiB heap=%5d MiB queries=%6d errors=%d p50=%.1f ms p99=%.1f ms rows=%d%n", sample.seconds(), sample.rssKb(),
                        sample.heapUsedBytes() >> 20, sample.queries(), sample.errors(), sample.p50Millis(), sample.p99Millis(), sample.rows());
            }
        }
        stop.set(true);
        pool.shutdown();
        if (!pool.awaitTermination(QUERY_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        summarize(samples, totalQueries.get(), errors.get(), firstErrors, node.isAlive(), csv);
    }

    private static void recordError(AtomicLong errors, List<String> firstErrors, String error)
    {
        errors.incrementAndGet();
        synchronized (firstErrors) {
            if (firstErrors.size() < 5) {
                firstErrors.add(error.length() > 300 ? error.substring(0, 300) : error);
            }
        }
    }

    private static void summarize(List<Sample> samples, long queries, long errors, List<String> firstErrors, boolean nodeAlive, Path csv)
    {
        System.out.println();
        System.out.println("Soak summary (" + csv + ")");
        if (samples.isEmpty()) {
            System.out.println("  no samples");
            return;
        }
        Sample first = samples.get(0);
        Sample last = samples.get(samples.size() - 1);
        long maxRss = samples.stream().mapToLong(Sample::rssKb).max().orElse(0);
        double[] p50 = samples.stream().mapToDouble(Sample::p50Millis).sorted().toArray();
        double maxP99 = samples.stream().mapToDouble(Sample::p99Millis).max().orElse(0);
        System.out.printf("  duration            %d s, %d samples, node alive at the end: %s%n", last.seconds(), samples.size(), nodeAlive);
        System.out.printf("  RSS                 first %d MiB, last %d MiB, max %d MiB, slope %.2f MiB/min (least squares)%n",
                first.rssKb() >> 10, last.rssKb() >> 10, maxRss >> 10, slopePerMinute(samples) / 1024);
        System.out.printf("  heap used           first %d MiB, last %d MiB%n", first.heapUsedBytes() >> 20, last.heapUsedBytes() >> 20);
        System.out.printf("  queries             %d (%.0f/s), errors %d%n", queries, queries / (double) Math.max(1, last.seconds()), errors);
        System.out.printf("  latency             median of interval p50s %.1f ms, worst interval p99 %.1f ms%n", p50[p50.length / 2], maxP99);
        System.out.printf("  rows ingested       %d (%.0f/s)%n", last.rows(), last.rows() / (double) Math.max(1, last.seconds()));
        firstErrors.forEach(error -> System.out.println("  error: " + error));
    }

    private static double slopePerMinute(List<Sample> samples)
    {
        double n = samples.size();
        double meanX = samples.stream().mapToDouble(Sample::seconds).average().orElse(0);
        double meanY = samples.stream().mapToDouble(Sample::rssKb).average().orElse(0);
        double covariance = samples.stream().mapToDouble(sample -> (sample.seconds() - meanX) * (sample.rssKb() - meanY)).sum();
        double variance = samples.stream().mapToDouble(sample -> (sample.seconds() - meanX) * (sample.seconds() - meanX)).sum();
        return n < 2 || variance == 0 ? 0 : covariance / variance * 60;
    }

    private static List<Long> drain(ConcurrentLinkedQueue<Long> latencies)
    {
        List<Long> window = new ArrayList<>();
        for (Long latency = latencies.poll(); latency != null && window.size() < 10_000_000; latency = latencies.poll()) {
            window.add(latency);
        }
        return window;
    }

    private static double percentile(List<Long> nanos, double quantile)
    {
        if (nanos.isEmpty()) {
            return 0;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static long rssKb(long pid)
    {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", ""));
                }
            }
        }
        catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static long heapUsed(HttpClient http, int port)
    {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status")).timeout(QUERY_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body()).path("memory").path("usedMemory").asLong(-1);
        }
        catch (IOException e) {
            return -1;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long rows(HttpClient http, URI sql)
    {
        long rows = 0;
        for (String datasource : DATASOURCES) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(sql).timeout(QUERY_TIMEOUT).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"SELECT COUNT(*) FROM " + datasource + "\",\"resultFormat\":\"array\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                JsonNode body = JSON.readTree(response.body());
                rows += body.path(0).path(0).asLong(0);
            }
            catch (IOException e) {
                return -1;
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return rows;
    }

    /** Reads the node's banner (bounded in time and lines) for the HTTP port and the example queries; keeps draining output after. */
    private static Banner readBanner(Process node, Duration timeout)
            throws Exception
    {
        BufferedReader reader = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        List<String> examples = new ArrayList<>();
        int[] port = {-1};
        AtomicBoolean done = new AtomicBoolean();
        Thread readerThread = new Thread(() -> {
            try {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!done.get()) {
                        Matcher http = HTTP_LINE.matcher(line);
                        if (http.find()) {
                            port[0] = Integer.parseInt(http.group(2));
                        }
                        Matcher example = EXAMPLE_LINE.matcher(line);
                        if (example.find()) {
                            synchronized (examples) {
                                examples.add(example.group(1));
                            }
                        }
                        if (line.startsWith("Stop with Ctrl-C")) {
                            done.set(true);
                        }
                    }
                    if (line.contains("ERROR") || line.startsWith("grove")) {
                        System.err.println("node: " + line);
                    }
                }
            }
            catch (IOException e) {
                // the node exited
            }
        }, "soak-node-output");
        readerThread.setDaemon(true);
        readerThread.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.get() && node.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (!done.get() || port[0] < 0) {
            throw new IllegalStateException("the node did not print its banner within " + timeout + " (alive: " + node.isAlive() + ")");
        }
        synchronized (examples) {
            return new Banner(port[0], List.copyOf(examples));
        }
    }

    private static Duration duration(String text)
    {
        Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: " + text + " (e.g. 90s, 30m)");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static Map<String, String> options(String[] arguments)
    {
        Map<String, String> options = new java.util.HashMap<>();
        for (String argument : arguments) {
            if (!argument.startsWith("--") || !argument.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + argument + "; options: " + Arrays.asList("--duration", "--rate", "--clients", "--interval", "--out", "--jar", "--node-heap"));
            }
            options.put(argument.substring(2, argument.indexOf('=')), argument.substring(argument.indexOf('=') + 1));
        }
        return options;
    }
}
