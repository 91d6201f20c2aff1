package dev.grove.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Grove node in its own JVM, started through the real CLI ({@code grove start}), so a test can
 * {@code kill -9} it.
 */
final class NodeProcess
        implements AutoCloseable
{
    final int grpcPort;
    final int httpPort;
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private Thread reader;

    private NodeProcess(Process process, int grpcPort, int httpPort)
    {
        this.process = process;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
    }

    static NodeProcess start(Path dataDir, String... extraArguments)
            throws IOException, InterruptedException
    {
        return start(dataDir, Map.of(), extraArguments);
    }

    /** With {@code environment} added to the node's, e.g. {@code GROVE_SHUTDOWN_GRACE_MS}. */
    static NodeProcess start(Path dataDir, Map<String, String> environment, String... extraArguments)
            throws IOException, InterruptedException
    {
        return start(dataDir, freePort(), freePort(), environment, extraArguments);
    }

    /** On given ports, e.g. to restart where clients reconnect. */
    static NodeProcess start(Path dataDir, int grpcPort, int httpPort, Map<String, String> environment, String... extraArguments)
            throws IOException, InterruptedException
    {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classpath, "dev.grove.cli.GroveCli", "start",
                "--data-dir", dataDir.toString(), "--grpc-port", String.valueOf(grpcPort), "--http-port", String.valueOf(httpPort),
                // never the fixed default 5433: two test runs on one machine must not collide
                "--pg-port", "0"));
        command.addAll(List.of(extraArguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        NodeProcess node = new NodeProcess(process, grpcPort, httpPort);
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (node.output) {
                        node.output.add(line);
                    }
                    if (line.contains("is running.")) {
                        ready.countDown();
                    }
                }
            }
            catch (IOException ignored) {
                // the process was killed
            }
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
        node.reader = reader;
        if (!ready.await(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Node did not start within 60 s; output:\n" + node.output());
        }
        return node;
    }

    String output()
    {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed. */
    void kill()
            throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** {@code kill} (SIGTERM): the graceful path. Returns the exit code. */
    int terminate()
            throws InterruptedException, IOException
    {
        // the same signal `kill <pid>` sends; Process.destroy() is documented as possibly forcible
        new ProcessBuilder("kill", "-TERM", String.valueOf(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Node did not stop within 60 s of SIGTERM");
        }
        reader.join(10_000);
        return process.exitValue();
    }

    @Override
    public void close()
            throws InterruptedException
    {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort()
            throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
