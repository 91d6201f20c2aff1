package dev.grove.ingest;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a batch: {@code count} records appended from {@code baseOffset} (-1 when none, or
 * not known with acks {@code none}) in {@code partition}, the refused ones, and warnings about
 * accepted ones that look like a mistake. When the records went to several partitions, {@code appends}
 * says where each share landed (the top-level offset and partition are the first share's).
 * {@code duplicate}: the batch was a retry of one already written, and these are the original's offsets.
 */
public record ProduceResult(long baseOffset, int count, List<RecordError> errors, List<RecordWarning> warnings, int partition,
        List<AppendOutcome> appends, boolean duplicate)
{
    public ProduceResult
    {
        errors = List.copyOf(requireNonNull(errors, "errors is null"));
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
        appends = List.copyOf(requireNonNull(appends, "appends is null"));
    }

    public ProduceResult(long baseOffset, int count, List<RecordError> errors, List<RecordWarning> warnings)
    {
        this(baseOffset, count, errors, warnings, 0, List.of(), false);
    }
}
