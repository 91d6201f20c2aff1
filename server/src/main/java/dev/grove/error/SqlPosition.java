package dev.grove.error;

/**
 * Where in the SQL text an error is: 1-based line and column, as Calcite and Druid report them.
 */
public record SqlPosition(int line, int column)
{
    public SqlPosition
    {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }
}
