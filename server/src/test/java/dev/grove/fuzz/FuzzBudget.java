package dev.grove.fuzz;

import java.util.concurrent.TimeUnit;

/**
 * How long and from which seed one fuzz class runs: stops after {@code maxIterations} or after the
 * wall-clock budget, whichever comes first.
 * <p>
 * The seed is {@link #DEFAULT_SEED} unless {@code -Dgrove.fuzz.seed=} says otherwise, so a plain build
 * (CI) always fuzzes the same inputs: {@code -Dgrove.fuzz.seed=N} replays seed {@code N}, and
 * {@code -Dgrove.fuzz.seed=random} picks a fresh seed for an exploratory run. Either way the seed is
 * printed with the line that replays it, and every failure message starts with it ({@link #replay()}).
 * Since the budget is also bounded by the clock, a replay runs the same inputs in the same order but may
 * stop after fewer or more of them: raise {@code -Dgrove.fuzz.seconds=} to be sure to reach a failing one.
 * {@code -Dgrove.fuzz.seconds=} changes the budget of every class, {@code -Dgrove.fuzz.iterations=} the count.
 * Not thread-safe: one per test method.
 */
final class FuzzBudget
{
    /**
     * The seed of every run that does not set {@code grove.fuzz.seed}: fixed, so that CI is deterministic.
     * Changing it changes what CI fuzzes; a new seed is explored with {@code -Dgrove.fuzz.seed=random} first.
     */
    static final long DEFAULT_SEED = 20261123L;
    /** The value of {@code grove.fuzz.seed} that asks for a fresh seed. */
    static final String RANDOM = "random";

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
        String property = System.getProperty("grove.fuzz.seed");
        long seed = seed(property);
        long seconds = Long.getLong("grove.fuzz.seconds", defaultSeconds);
        long iterations = Long.getLong("grove.fuzz.iterations", defaultIterations);
        String origin = property == null || property.isBlank() ? "default seed" : property.trim().equalsIgnoreCase(RANDOM) ? "random seed" : "given seed";
        System.out.printf("grove fuzz: %s seed=%d (%s; replay with -Dgrove.fuzz.seed=%d), budget %d s or %d iterations%n", name, seed, origin, seed, seconds, iterations);
        return new FuzzBudget(name, seed, iterations, seconds);
    }

    /** The seed a {@code grove.fuzz.seed} value asks for: {@link #DEFAULT_SEED} when unset, a fresh one for {@value #RANDOM}. */
    static long seed(String property)
    {
        if (property == null || property.isBlank()) {
            return DEFAULT_SEED;
        }
        if (property.trim().equalsIgnoreCase(RANDOM)) {
            return RandomSeed.VALUE;
        }
        try {
            return Long.parseLong(property.trim());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("grove.fuzz.seed must be a long or \"" + RANDOM + "\", not \"" + property + "\"", e);
        }
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

    /** The fresh seed of a {@value #RANDOM} run: one per JVM, so that one seed replays every class of the run. */
    private static final class RandomSeed
    {
        static final long VALUE = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    }
}
