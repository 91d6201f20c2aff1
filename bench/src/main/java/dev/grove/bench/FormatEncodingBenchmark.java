package dev.grove.bench;

import dev.grove.engine.QueryResult;
import dev.grove.engine.ResultColumn;
import dev.grove.query.format.ResultFormat;
import dev.grove.query.format.ResultWriter;

import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows per second of encoding one result in each of Druid's formats, in process: a result of
 * {@code --rows} rows (default 1,000,000) of {@code __time, customerName, status, quantity, amount}
 * written by {@link ResultWriter} to a stream that only counts bytes. Each format is written
 * {@code --runs} times (default 3) after one warm-up; the best and median runs are printed.
 * <pre>
 *   java -cp "bench/target/grove-bench.jar:bench/target/lib/*" dev.grove.bench.FormatEncodingBenchmark --rows=1000000
 * </pre>
 */
public final class FormatEncodingBenchmark
{
    private FormatEncodingBenchmark() {}

    public static void main(String[] arguments)
    {
        int rows = 1_000_000;
        int runs = 3;
        for (String argument : arguments) {
            if (argument.startsWith("--rows=")) {
                rows = Integer.parseInt(argument.substring("--rows=".length()));
            }
            else if (argument.startsWith("--runs=")) {
                runs = Integer.parseInt(argument.substring("--runs=".length()));
            }
            else {
                throw new IllegalArgumentException("Options are --rows=N and --runs=N, got " + argument);
            }
        }
        QueryResult result = result(rows);
        System.out.printf("| format | rows | bytes | best rows/s | median rows/s |%n|---|---|---|---|---|%n");
        for (ResultFormat format : ResultFormat.values()) {
            Counting out = new Counting();
            ResultWriter.write(result, format, ResultWriter.Header.NONE, out);
            long[] nanos = new long[runs];
            for (int run = 0; run < runs; run++) {
                out.bytes = 0;
                long start = System.nanoTime();
                ResultWriter.write(result, format, ResultWriter.Header.NONE, out);
                nanos[run] = System.nanoTime() - start;
            }
            java.util.Arrays.sort(nanos);
            System.out.printf("| %s | %,d | %,d | %,.0f | %,.0f |%n", format.druidName(), rows, out.bytes, rows / (nanos[0] / 1e9), rows / (nanos[runs / 2] / 1e9));
        }
    }

    private static QueryResult result(int rows)
    {
        List<ResultColumn> columns = List.of(
                new ResultColumn("__time", "TIMESTAMP", ResultColumn.DruidType.LONG),
                new ResultColumn("customerName", "VARCHAR", ResultColumn.DruidType.STRING),
                new ResultColumn("status", "VARCHAR", ResultColumn.DruidType.STRING),
                new ResultColumn("quantity", "BIGINT", ResultColumn.DruidType.LONG),
                new ResultColumn("amount", "DOUBLE", ResultColumn.DruidType.DOUBLE));
        String[] names = {"Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov, PhD"};
        String[] statuses = {"COMPLETED", "FAILED", "PENDING", null};
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        List<Object[]> data = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            data.add(new Object[] {base.plusMillis(i * 37L), names[i % names.length], statuses[i % statuses.length], (long) (i % 97), (i % 1000) / 8.0});
        }
        return new QueryResult(columns, data);
    }

    /** Counts bytes and drops them, so only the encoding is timed. */
    private static final class Counting
            extends OutputStream
    {
        long bytes;

        @Override
        public void write(int b)
        {
            bytes++;
        }

        @Override
        public void write(byte[] buffer, int offset, int length)
        {
            bytes += length;
        }
    }
}
