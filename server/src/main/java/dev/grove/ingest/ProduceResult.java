package dev.grove.ingest;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a batch: {@code count} records appended from {@code baseOffset} (-1 when none),
 * the refused ones, and warnings about accepted ones that look like a mistake.
 */
public record ProduceResult(long baseOffset, int count, List<RecordError> errors, List<RecordWarning> warnings)
{
    public ProduceResult
    {
        errors = List.copyOf(requireNonNull(errors, "errors is null"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }
}
