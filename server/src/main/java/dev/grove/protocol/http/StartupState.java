package dev.grove.protocol.http;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where the node is in its start-up, as HTTP reports it: recovering, with a progress and a message,
 * until the node marks itself ready; from then on it stays ready. Written by the starting thread,
 * read by Jetty's threads. Thread safe.
 */
public final class StartupState
{
    private volatile Recovering recovering = new Recovering(0, "opening the data directory");

    /** Recovery under way: {@code progress} from 0 to 1, {@code message} says what it is doing. */
    public record Recovering(double progress, String message)
    {
        public Recovering
        {
            requireNonNull(message, "message is null");
            progress = Math.max(0, Math.min(1, progress));
        }

        /** Whole percent done, rounded down, so 100 only once everything is done. */
        public int percent()
        {
            return (int) Math.floor(progress * 100);
        }
    }

    /** A state that is ready at once, for servers that start after recovery. */
    public static StartupState ready()
    {
        StartupState state = new StartupState();
        state.markReady();
        return state;
    }

    public void recovering(double progress, String message)
    {
        if (recovering != null) {
            recovering = new Recovering(progress, message);
        }
    }

    public void markReady()
    {
        recovering = null;
    }

    /** The recovery under way, or empty once the node is ready. */
    public Optional<Recovering> current()
    {
        return Optional.ofNullable(recovering);
    }
}
