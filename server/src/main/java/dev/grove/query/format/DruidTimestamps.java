package dev.grove.query.format;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Prints an instant the way Druid (Joda's ISO chronology) prints it: proleptic Gregorian with a year 0,
 * the year zero-padded to four digits, a '-' for negative years and no '+' past 9999, then
 * {@code -MM-ddTHH:mm:ss.SSSZ}. {@link java.time.format.DateTimeFormatter}'s {@code yyyy} is the
 * year of era (year 0 prints as 0001), so it is not used here.
 */
public final class DruidTimestamps
{
    private DruidTimestamps() {}

    public static String format(Instant instant)
    {
        LocalDateTime time = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(24);
        int year = time.getYear();
        if (year < 0) {
            text.append('-');
        }
        pad(text, Math.abs(year), 4);
        text.append('-');
        pad(text, time.getMonthValue(), 2);
        text.append('-');
        pad(text, time.getDayOfMonth(), 2);
        text.append('T');
        pad(text, time.getHour(), 2);
        text.append(':');
        pad(text, time.getMinute(), 2);
        text.append(':');
        pad(text, time.getSecond(), 2);
        text.append('.');
        pad(text, time.getNano() / 1_000_000, 3);
        return text.append('Z').toString();
    }

    private static void pad(StringBuilder text, int value, int width)
    {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        text.append(digits);
    }
}
