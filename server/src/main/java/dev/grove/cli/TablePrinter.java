package dev.grove.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints rows as a boxed table, numbers right-aligned, like psql's aligned output.
 */
final class TablePrinter
{
    private static final int MAX_CELL = 60;

    private TablePrinter() {}

    static void print(PrintStream out, List<String> header, List<String> types, List<List<String>> rows)
    {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
        }
        List<List<String>> cells = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> clipped = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                String cell = i < row.size() ? row.get(i) : "";
                if (cell.length() > MAX_CELL) {
                    cell = cell.substring(0, MAX_CELL - 1) + "…";
                }
                clipped.add(cell);
                widths[i] = Math.max(widths[i], cell.length());
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
            String padding = " ".repeat(widths[i] - value.length());
            line.append(' ').append(right ? padding + value : value + padding).append(" |");
        }
        return line.toString();
    }

    private static boolean isNumeric(String sqlType)
    {
        return switch (sqlType) {
            case "BIGINT", "INTEGER", "DOUBLE", "FLOAT", "DECIMAL" -> true;
            default -> false;
        };
    }
}
