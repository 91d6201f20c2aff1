package dev.grove.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

import static dev.grove.cli.ProduceCommand.plural;

/**
 * What a {@code produce} run has done, line by line: which lines are in flight, acknowledged,
 * refused or warned about, and so the first line not yet done, from which a stopped run resumes.
 * Shows a progress line on a terminal and prints the closing summary.
 *
 * <p>Thread-safe: the reading thread, the producer's callbacks, the display thread and a Ctrl-C
 * hook all use it.
 */
final class ProduceProgress
{
    private static final int MAX_LISTED = 10;
    private static final long REFRESH_MILLIS = 250;
    private static final int BAR_WIDTH = 30;

    private final String datasource;
    private final long totalBytes;
    private final long started = System.nanoTime();
    private final NavigableSet<Long> inFlight = new ConcurrentSkipListSet<>();
    /** Lines done while an earlier line was still in flight; pruned as the resume point moves past them. */
    private final NavigableSet<Long> doneAhead = new ConcurrentSkipListSet<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong warned = new AtomicLong();
    private final Map<Long, String> refusals = new ConcurrentSkipListMap<>();
    private final Map<Long, String> warnings = new ConcurrentSkipListMap<>();
    private final boolean terminal = System.console() != null;
    private volatile long bytesRead;
    private volatile long lastLineRead;
    private volatile long nextLine;
    private volatile String failure;
    private volatile boolean stopped;
    private volatile boolean summarized;
    private Thread display;

    ProduceProgress(String datasource, long totalBytes, long fromLine)
    {
        this.datasource = datasource;
        this.totalBytes = totalBytes;
        this.nextLine = fromLine;
    }

    void read(long line, long bytes)
    {
        lastLineRead = line;
        bytesRead += bytes;
    }

    void sending(long line)
    {
        inFlight.add(line);
        nextLine = line + 1;
    }

    void acknowledged(long line, List<String> lineWarnings)
    {
        acknowledged.incrementAndGet();
        if (!lineWarnings.isEmpty()) {
            warned.incrementAndGet();
            if (warnings.size() < MAX_LISTED) {
                warnings.put(line, String.join("; ", lineWarnings));
            }
        }
        done(line);
    }

    void refused(long line, String reason)
    {
        refused.incrementAndGet();
        if (refusals.size() < MAX_LISTED) {
            refusals.put(line, reason);
        }
        done(line);
    }

    void failed(long line, String reason)
    {
        if (failure == null) {
            failure = reason;
        }
        stopped = true;
        inFlight.remove(line);
    }

    private void done(long line)
    {
        inFlight.remove(line);
        Long first = inFlight.isEmpty() ? null : inFlight.first();
        if (first != null && line > first) {
            doneAhead.add(line);
        }
        doneAhead.headSet(first == null ? Long.MAX_VALUE : first).clear();
    }

    void stopReading()
    {
        stopped = true;
    }

    boolean stopped()
    {
        return stopped;
    }

    boolean succeeded()
    {
        return failure == null && refused.get() == 0;
    }

    /** Waits up to {@code millis} for the lines already sent to be answered. */
    void awaitInFlight(long millis)
    {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The first line that is neither acknowledged nor refused. */
    long resumeLine()
    {
        return inFlight.isEmpty() ? nextLine : inFlight.first();
    }

    void startDisplay()
    {
        if (!terminal) {
            return;
        }
        display = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                show();
                try {
                    Thread.sleep(REFRESH_MILLIS);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        }, "grove-produce-progress");
        display.setDaemon(true);
        display.start();
    }

    void stopDisplay()
    {
        if (display != null) {
            display.interrupt();
            try {
                display.join(1_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            show();
            System.err.println();
            display = null;
        }
    }

    private void show()
    {
        if (totalBytes > 0) {
            double fraction = Math.min(1.0, (double) bytesRead / totalBytes);
            int filled = (int) (fraction * BAR_WIDTH);
            System.err.printf("\r[%s%s] %3.0f%%  %,d acknowledged", "#".repeat(filled), " ".repeat(BAR_WIDTH - filled), fraction * 100, acknowledged.get());
        }
        else {
            System.err.printf("\r%,d lines read, %,d acknowledged", lastLineRead, acknowledged.get());
        }
    }

    /**
     * Prints what was done, once.
     *
     * @param interruption why the run ended early (e.g. "Interrupted"), or null when it read all its input
     */
    synchronized void printSummary(PrintStream out, PrintStream err, String interruption)
    {
        if (summarized) {
            return;
        }
        summarized = true;
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long acked = acknowledged.get();
        out.printf("%s acknowledged into %s in %.1f s (%,.0f/s)%s%n", plural(acked, "event"), datasource, seconds, acked / seconds,
                refused.get() == 0 ? "" : String.format("; %,d refused", refused.get()));
        refusals.forEach((line, reason) -> err.println("  line " + line + ": " + reason));
        if (refused.get() > refusals.size()) {
            err.println("  ... and " + plural(refused.get() - refusals.size(), "more refused line"));
        }
        if (warned.get() > 0) {
            err.println("Warning: " + plural(warned.get(), "acknowledged event") + " may not be what you meant:");
            warnings.forEach((line, warning) -> err.println("  line " + line + ": " + warning));
            if (warned.get() > warnings.size()) {
                err.println("  ... and " + plural(warned.get() - warnings.size(), "more line"));
            }
        }
        String stoppedBecause = failure != null ? failure : interruption;
        if (stoppedBecause != null) {
            long resume = resumeLine();
            err.println((failure != null ? "ERROR: " : "") + stoppedBecause);
            err.println("Stopped at line " + resume + ": every line before it is acknowledged or listed as refused. Resume with --from-line " + resume
                    + (doneAhead.isEmpty() ? "" : " (" + plural(doneAhead.size(), "later line") + " already landed and would be sent again)"));
        }
    }
}
