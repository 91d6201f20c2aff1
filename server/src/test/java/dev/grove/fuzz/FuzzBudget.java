package dev.grove.fuzz;

import java.util.concurrent.TimeUnit;

/**
 * How long and from which seed one fuzz class runs: stops after {@code maxIterations} or after the
 * wall-clock budget, whichever comes first. {@code -Dgrove.fuzz.seed=} replays a run,
 * {@code -Dgrove.fuzz.seconds=} changes the budget of every class, {@code -Dgrove.fuzz.iterations=} the count.
 * Not thread-safe: one per test method.
 */
final class FuzzBudget
{
    final long seed;
    private final String name;
    private final long maxIterations;
    private final long deadlineNanos;
    private long iterations;

    private FuzzBudget(String name, long seed, long maxIterations, long seconds)
    {
        this.name = name;
        this.seed = seed;
        this.maxIterations = maxIterations;
        this.deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    /** A budget for {@code name}; the default seconds and iterations apply unless the system properties say otherwise. */
    static FuzzBudget of(String name, long defaultSeconds, long defaultIterations)
    {
        String seedProperty = System.getProperty("grove.fuzz.seed");
        long seed = seedProperty == null || seedProperty.isBlank() ? System.currentTimeMillis() ^ System.nanoTime() : Long.parseLong(seedProperty.trim());
        long seconds = Long.getLong("grove.fuzz.seconds", defaultSeconds);
        long iterations = Long.getLong("grove.fuzz.iterations", defaultIterations);
        System.out.printf("grove fuzz: %s seed=%d (replay with -Dgrove.fuzz.seed=%d), budget %d s or %d iterations%n", name, seed, seed, seconds, iterations);
        return new FuzzBudget(name, seed, iterations, seconds);
    }

    /** True while both the iteration count and the clock allow one more case; counts it. */
    boolean next()
    {
        if (iterations >= maxIterations || System.nanoTime() >= deadlineNanos) {
            return false;
        }
        iterations++;
        return true;
    }

    long iterations()
    {
        return iterations;
    }

    /** The prefix of every failure message: enough to replay the case. */
    String replay()
    {
        return name + " seed=" + seed + " iteration=" + iterations + " (replay: -Dgrove.fuzz.seed=" + seed + ")";
    }

    void printDone()
    {
        System.out.printf("grove fuzz: %s seed=%d ran %d iterations%n", name, seed, iterations);
    }
}
