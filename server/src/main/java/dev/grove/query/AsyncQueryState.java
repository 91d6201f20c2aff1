package dev.grove.query;

/**
 * Where an asynchronous query is in its life: {@code QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELED}
 * (the compute-agent lifecycle API), with the names Druid's statements API gives the same states.
 */
public enum AsyncQueryState
{
    QUEUED("ACCEPTED"),
    RUNNING("RUNNING"),
    SUCCEEDED("SUCCESS"),
    FAILED("FAILED"),
    CANCELED("CANCELED");

    private final String druidName;

    AsyncQueryState(String druidName)
    {
        this.druidName = druidName;
    }

    /** The state as {@code /druid/v2/sql/statements} names it. */
    public String druidName()
    {
        return druidName;
    }

    public boolean isTerminal()
    {
        return this == SUCCEEDED || this == FAILED || this == CANCELED;
    }
}
