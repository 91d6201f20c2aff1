import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A bounded HTTP latency loop for a node on loopback: {@code warmup} requests, then {@code count}
 * requests split over {@code clients} threads (each its own keep-alive connection), stopping early after
 * {@code maxSeconds}. Prints requests/s and latency percentiles. Run as a single-file program:
 * {@code java bench/http/HttpLatency.java http://127.0.0.1:8888/status/health GET 2000 20000 1 60}
 * or with POST and a JSON body as the 7th argument.
 */
public final class HttpLatency
{
    public static void main(String[] args)
            throws Exception
    {
        URI uri = URI.create(args[0]);
        String method = args[1];
        int warmup = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[5])).toNanos();
        String body = args.length > 6 ? args[6] : "";
        if (!uri.getHost().equals("127.0.0.1")) {
            throw new IllegalArgumentException("loopback only");
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int share = count / clients;
            int warm = warmup / clients;
            results.add(pool.submit(() -> run(uri, method, body, warm, share, deadline)));
        }
        long started = System.nanoTime();
        long[] all = new long[0];
        for (Future<long[]> result : results) {
            long[] part = result.get();
            long[] merged = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, merged, all.length, part.length);
            all = merged;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        System.out.printf("%s %s clients=%d requests=%d  %.0f req/s  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms  max=%.3f ms%n",
                method, uri.getPath(), clients, all.length, all.length / seconds,
                percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99), all[all.length - 1] / 1e6);
    }

    private static long[] run(URI uri, String method, String body, int warmup, int count, long deadline)
            throws Exception
    {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        HttpRequest request = method.equals("POST")
                ? builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()
                : builder.GET().build();
        for (int i = 0; i < warmup && System.nanoTime() < deadline; i++) {
            check(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        }
        long[] latencies = new long[count];
        int done = 0;
        for (; done < count && System.nanoTime() < deadline; done++) {
            long start = System.nanoTime();
            check(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
            latencies[done] = System.nanoTime() - start;
        }
        return Arrays.copyOf(latencies, done);
    }

    private static void check(HttpResponse<byte[]> response)
    {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body()));
        }
    }

    private static double percentile(long[] sorted, double fraction)
    {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)] / 1e6;
    }
}
