package dev.grove.cli;

import org.jline.utils.WCWidth;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints rows as a boxed table, numbers right-aligned, like psql's aligned output. Widths are display
 * columns, not chars: East Asian wide and fullwidth characters take two, combining marks none, so CJK
 * text lines up.
 */
final class TablePrinter
{
    private static final int MAX_CELL = 60;

    private TablePrinter() {}

    static void print(PrintStream out, List<String> header, List<String> types, List<List<String>> rows)
    {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = displayWidth(header.get(i));
        }
        List<List<String>> cells = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> clipped = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                String cell = clip(printable(i < row.size() ? row.get(i) : ""));
                clipped.add(cell);
                widths[i] = Math.max(widths[i], displayWidth(cell));
            }
            cells.add(clipped);
        }
        String border = border(widths);
        out.println(border);
        out.println(line(header, widths, null));
        out.println(border);
        for (List<String> row : cells) {
            out.println(line(row, widths, types));
        }
        out.println(border);
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private static String border(int[] widths)
    {
        StringBuilder line = new StringBuilder("+");
        for (int width : widths) {
            line.append("-".repeat(width + 2)).append('+');
        }
        return line.toString();
    }

    private static String line(List<String> values, int[] widths, List<String> types)
    {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            String value = values.get(i);
            boolean right = types != null && i < types.size() && isNumeric(types.get(i));
            String padding = " ".repeat(widths[i] - displayWidth(value));
            line.append(' ').append(right ? padding + value : value + padding).append(" |");
        }
        return line.toString();
    }

    /** How many terminal columns {@code text} takes: 2 for wide and fullwidth characters, 0 for combining marks. */
    static int displayWidth(String text)
    {
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            width += Math.max(0, WCWidth.wcwidth(codePoint));
            i += Character.charCount(codePoint);
        }
        return width;
    }

    /** Cuts {@code text} to at most {@link #MAX_CELL} display columns, ending in an ellipsis when cut. */
    private static String clip(String text)
    {
        if (displayWidth(text) <= MAX_CELL) {
            return text;
        }
        StringBuilder clipped = new StringBuilder();
        int width = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = Math.max(0, WCWidth.wcwidth(codePoint));
            if (width + next > MAX_CELL - 1) {
                break;
            }
            clipped.appendCodePoint(codePoint);
            width += next;
            i += Character.charCount(codePoint);
        }
        return clipped.append('…').toString();
    }

    /** Line breaks and other control characters would break the box: newlines show as ↵, the rest as spaces. */
    private static String printable(String text)
    {
        StringBuilder printable = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (printable == null) {
                    printable = new StringBuilder(text.substring(0, i));
                }
                printable.append(c == '\n' ? '↵' : ' ');
            }
            else if (printable != null) {
                printable.append(c);
            }
        }
        return printable == null ? text : printable.toString();
    }

    private static boolean isNumeric(String sqlType)
    {
        return switch (sqlType) {
            case "BIGINT", "INTEGER", "DOUBLE", "FLOAT", "DECIMAL" -> true;
            default -> false;
        };
    }
}
