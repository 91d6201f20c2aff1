package dev.grove.ingest;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a batch: {@code count} records appended from {@code baseOffset} (-1 when none),
 * and the refused ones.
 */
public record ProduceResult(long baseOffset, int count, List<RecordError> errors)
{
    public ProduceResult
    {
        errors = List.copyOf(requireNonNull(errors, "errors is null"));
    }
}
