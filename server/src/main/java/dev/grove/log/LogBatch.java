package dev.grove.log;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Records appended together, the first at {@code baseOffset} and the rest at consecutive offsets.
 */
public record LogBatch(long baseOffset, List<LogRecord> records)
{
    public LogBatch
    {
        if (baseOffset < 0) {
            throw new IllegalArgumentException("baseOffset must not be negative: " + baseOffset);
        }
        records = List.copyOf(requireNonNull(records, "records is null"));
    }

    public long nextOffset()
    {
        return baseOffset + records.size();
    }
}
