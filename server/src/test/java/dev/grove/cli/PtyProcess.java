package dev.grove.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code grove} run in its own JVM on a real pseudo-terminal, through util-linux {@code script}, so JLine
 * sees a terminal as a user's shell gives it. Keys go in as the bytes a terminal sends; the screen comes back
 * with escape sequences removed. Thread-safe: the output is appended by a reader thread under its lock.
 */
final class PtyProcess
        implements AutoCloseable
{
    static final String UP = "\u001b[A";
    static final String CTRL_C = "\u0003";
    static final String CTRL_D = "\u0004";
    private static final Pattern ESCAPES = Pattern.compile("\u001b(\\[[0-9;?<=>]*[ -/]*[@-~]|\\][^\u0007\u001b]*(\u0007|\u001b\\\\)|[()][0-9A-Za-z]|[=>78cDEHMNOZ])");

    private final Process process;
    private final OutputStream keys;
    private final StringBuilder screen = new StringBuilder();

    private PtyProcess(Process process)
    {
        this.process = process;
        this.keys = process.getOutputStream();
    }

    static boolean available()
    {
        return Path.of("/usr/bin/script").toFile().canExecute() && Path.of("/bin/stty").toFile().canExecute();
    }

    /** Starts {@code GroveCli} with {@code arguments} on a 120x40 terminal, with {@code environment} added. */
    static PtyProcess start(List<String> arguments, Map<String, String> environment)
            throws IOException
    {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath, GroveCli.class.getName()));
        java.addAll(arguments);
        StringBuilder command = new StringBuilder("stty cols 120 rows 40; exec");
        for (String word : java) {
            command.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        ProcessBuilder builder = new ProcessBuilder("script", "-q", "-e", "-c", command.toString(), "/dev/null").redirectErrorStream(true);
        builder.environment().put("TERM", "xterm-256color");
        builder.environment().putAll(environment);
        PtyProcess pty = new PtyProcess(builder.start());
        Thread reader = new Thread(pty::read, "pty-output");
        reader.setDaemon(true);
        reader.start();
        return pty;
    }

    private void read()
    {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                synchronized (screen) {
                    screen.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                    screen.notifyAll();
                }
            }
        }
        catch (IOException ignored) {
            // the process ended
        }
    }

    void type(String text)
            throws IOException
    {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** Everything shown so far, escape sequences removed. */
    String screen()
    {
        synchronized (screen) {
            return ESCAPES.matcher(screen).replaceAll("").replace("\r", "");
        }
    }

    /** Waits until the screen shows {@code text} {@code times} times. */
    String awaitShown(String text, int times, Duration timeout)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (screen) {
            while (count(screen(), text) < times) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("Timed out waiting for " + times + " x '" + text + "'; the screen:\n" + screen());
                }
                screen.wait(left);
            }
            return screen();
        }
    }

    private static int count(String haystack, String needle)
    {
        int count = 0;
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    /** Waits for the process to end; returns its exit code. */
    int awaitExit(Duration timeout)
            throws InterruptedException
    {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("Still running after " + timeout + "; the screen:\n" + screen());
        }
        return process.exitValue();
    }

    @Override
    public void close()
    {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
