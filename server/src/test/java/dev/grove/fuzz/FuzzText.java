package dev.grove.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Renders fuzz inputs for failure messages so that they can be replayed exactly.
 */
final class FuzzText
{
    private static final int MAX_SHOWN = 2_000;

    private FuzzText() {}

    /**
     * The bytes as a Java string literal body when they are printable UTF-8, else as hex; long values
     * are shortened in the middle (the seed replays them exactly).
     */
    static String printable(byte[] bytes)
    {
        return printable(bytes, MAX_SHOWN);
    }

    static String printable(byte[] bytes, int maxShown)
    {
        if (bytes.length > maxShown) {
            byte[] head = java.util.Arrays.copyOfRange(bytes, 0, maxShown / 2);
            byte[] tail = java.util.Arrays.copyOfRange(bytes, bytes.length - maxShown / 2, bytes.length);
            return stripLength(printable(head, maxShown)) + "…[" + (bytes.length - maxShown) + " bytes]…" + stripLength(printable(tail, maxShown))
                    + " (" + bytes.length + " bytes)";
        }
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        boolean roundTrips = java.util.Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), bytes);
        String shown = roundTrips ? escape(decoded) : "hex:" + HexFormat.of().formatHex(bytes);
        return shorten(shown) + " (" + bytes.length + " bytes)";
    }

    private static String stripLength(String shown)
    {
        return shown.substring(0, shown.lastIndexOf(" ("));
    }

    static String shorten(String text)
    {
        return shorten(text, MAX_SHOWN);
    }

    static String shorten(String text, int maxShown)
    {
        if (text.length() <= maxShown) {
            return text;
        }
        return text.substring(0, maxShown / 2) + "…[" + (text.length() - maxShown) + " chars]…" + text.substring(text.length() - maxShown / 2);
    }

    private static String escape(String text)
    {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (codePoint < 0x20 || codePoint == 0x7f || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint == 0xfffd) {
                out.append(String.format("\\u%04x", codePoint));
            }
            else {
                out.appendCodePoint(codePoint);
            }
        });
        return out.toString();
    }
}
