package dev.grove.gateway;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts failed logins per client address in a fixed window; past the limit the client is refused
 * until the window ends, so passwords cannot be guessed at the speed of the network. The table is
 * bounded: when full, the oldest windows are dropped first.
 *
 * <p>Thread-safe.
 */
public final class FailedLogins
{
    private static final int MAX_CLIENTS = 10_000;

    private final int maxFailures;
    private final long windowNanos;
    private final Map<String, Window> windows = new LinkedHashMap<>();

    public FailedLogins(int maxFailures, long windowMillis)
    {
        if (maxFailures <= 0 || windowMillis <= 0) {
            throw new IllegalArgumentException("maxFailures and windowMillis must be positive");
        }
        this.maxFailures = maxFailures;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
    }

    /** True if this client has failed too often lately and must wait. */
    public synchronized boolean blocked(String client)
    {
        Window window = windows.get(client);
        return window != null && !window.expired(System.nanoTime(), windowNanos) && window.failures >= maxFailures;
    }

    public synchronized void failed(String client)
    {
        long now = System.nanoTime();
        Window window = windows.get(client);
        if (window == null || window.expired(now, windowNanos)) {
            windows.remove(client);
            window = new Window(now);
            windows.put(client, window);
            trim(now);
        }
        window.failures++;
    }

    public synchronized void succeeded(String client)
    {
        windows.remove(client);
    }

    public long windowSeconds()
    {
        return TimeUnit.NANOSECONDS.toSeconds(windowNanos);
    }

    private void trim(long now)
    {
        Iterator<Window> oldestFirst = windows.values().iterator();
        while (oldestFirst.hasNext()) {
            Window window = oldestFirst.next();
            if (windows.size() > MAX_CLIENTS || window.expired(now, windowNanos)) {
                oldestFirst.remove();
            }
            else {
                break;
            }
        }
    }

    private static final class Window
    {
        private final long startedNanos;
        private int failures;

        Window(long startedNanos)
        {
            this.startedNanos = startedNanos;
        }

        boolean expired(long now, long windowNanos)
        {
            return now - startedNanos >= windowNanos;
        }
    }
}
