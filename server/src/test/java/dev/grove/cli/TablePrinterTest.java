package dev.grove.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TablePrinterTest
{
    @Test
    void wideCharactersTakeTwoColumnsAndCombiningMarksNone()
    {
        assertThat(TablePrinter.displayWidth("abc")).isEqualTo(3);
        assertThat(TablePrinter.displayWidth("日本語")).isEqualTo(6);
        assertThat(TablePrinter.displayWidth("ＡＢ")).isEqualTo(4);
        assertThat(TablePrinter.displayWidth("e\u0301")).isEqualTo(1);
        assertThat(TablePrinter.displayWidth("한국")).isEqualTo(4);
    }

    @Test
    void everyLineOfATableWithWideTextHasTheSameWidth()
    {
        String table = print(List.of("city", "n"), List.of("VARCHAR", "BIGINT"), List.of(List.of("東京", "1"), List.of("Zürich", "22"), List.of("Cafe\u0301", "3")));
        List<Integer> widths = table.lines().filter(line -> line.startsWith("|") || line.startsWith("+")).map(TablePrinter::displayWidth).distinct().toList();
        assertThat(widths).hasSize(1);
        assertThat(table).contains("| 東京   |  1 |").endsWith("(3 rows)\n");
    }

    @Test
    void longCellsAreClippedByDisplayWidthAndLineBreaksShown()
    {
        String table = print(List.of("text"), null, List.of(List.of("字".repeat(40)), List.of("two\nlines")));
        assertThat(table).contains("字".repeat(29) + "…").doesNotContain("字".repeat(30)).contains("two↵lines").endsWith("(2 rows)\n");
        assertThat(print(List.of("x"), null, List.of(List.of("1")))).endsWith("(1 row)\n");
    }

    private static String print(List<String> header, List<String> types, List<List<String>> rows)
    {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TablePrinter.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), header, types, rows);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
