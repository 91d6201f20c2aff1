package dev.grove.ingest;

import java.time.Instant;

/**
 * The range of event times Grove stores: the ECMAScript date range, ±8.64e15 ms around the epoch
 * (years -271821 to 275760). Every value in it fits the engine's microsecond timestamps with room to
 * spare, so a time that passed this check can always be applied and replayed; outside it, arithmetic
 * such as millis × 1000 would overflow.
 */
final class EventTime
{
    static final long MIN_MILLIS = -8_640_000_000_000_000L;
    static final long MAX_MILLIS = 8_640_000_000_000_000L;

    private EventTime() {}

    /**
     * @param what names the value in the error, e.g. "timestamp field 'ts'"
     * @throws IllegalArgumentException when {@code millis} is outside the stored range
     */
    static long checkRange(long millis, String what)
    {
        if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
            throw new IllegalArgumentException(what + ": " + millis + " ms is outside the supported time range "
                    + Instant.ofEpochMilli(MIN_MILLIS) + " to " + Instant.ofEpochMilli(MAX_MILLIS)
                    + "; check the unit (is it microseconds or nanoseconds?) and the timestamp format");
        }
        return millis;
    }
}
