package dev.grove.bench.vskafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The results as a Markdown table for people and a JSON array for tools. */
final class Report
{
    private Report() {}

    static void printTable(List<RowResult> results, PrintStream out)
    {
        out.println("| acks | value | producers | load | system | records/s | MB/s | ack p50 ms | ack p99 ms | Grove/Kafka |");
        out.println("|---|---:|---:|---|---|---:|---:|---:|---:|---:|");
        for (RowResult result : results) {
            RowSpec spec = result.spec();
            out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %.1f | %.2f | %.2f | %s |%n",
                    spec.acks().label() + (result.appliedAcks().equals(spec.acks().label()) || result.system().equals("kafka") ? "" : " (as " + result.appliedAcks() + ")"),
                    size(spec.valueBytes()),
                    spec.producers(),
                    spec.isFixedRate() ? String.format(Locale.ROOT, "%,d/s", spec.fixedRate()) : "max",
                    result.system() + (result.errors() > 0 ? " (" + result.errors() + " errors)" : ""),
                    String.format(Locale.ROOT, "%,.0f", result.recordsPerSecond()),
                    result.megabytesPerSecond(),
                    result.p50Millis(),
                    result.p99Millis(),
                    ratio(result, results).orElse(""));
        }
        out.println();
        out.println("Grove/Kafka: records/s Grove ÷ Kafka on 'max' rows (above 1 = Grove faster); ack p99 Grove ÷ Kafka on fixed-rate rows "
                + "(below 1 = Grove quicker). MB/s counts value bytes only.");
    }

    /** On a Grove row, its ratio to the Kafka row of the same spec. */
    static Optional<String> ratio(RowResult grove, List<RowResult> results)
    {
        if (!grove.system().equals("grove")) {
            return Optional.empty();
        }
        return results.stream()
                .filter(kafka -> kafka.system().equals("kafka") && kafka.spec().equals(grove.spec()))
                .findFirst()
                .map(kafka -> grove.spec().isFixedRate()
                        ? String.format(Locale.ROOT, "p99 %.2f×", grove.p99Millis() / kafka.p99Millis())
                        : String.format(Locale.ROOT, "%.2f×", grove.recordsPerSecond() / kafka.recordsPerSecond()));
    }

    static void writeJson(List<RowResult> results, Path file)
            throws IOException
    {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode rows = mapper.createArrayNode();
        for (RowResult result : results) {
            ObjectNode row = rows.addObject();
            row.put("system", result.system());
            row.put("acks", result.spec().acks().label());
            row.put("valueBytes", result.spec().valueBytes());
            row.put("producers", result.spec().producers());
            row.put("recordsPerSec", Math.round(result.recordsPerSecond()));
            row.put("mbPerSec", round(result.megabytesPerSecond(), 2));
            putMillis(row, "p50Ms", result.p50Millis());
            putMillis(row, "p99Ms", result.p99Millis());
            if (result.spec().isFixedRate()) {
                row.put("fixedRate", result.spec().fixedRate());
            }
            row.put("appliedAcks", result.appliedAcks());
            row.put("records", result.records());
            row.put("seconds", round(result.seconds(), 3));
            row.put("errors", result.errors());
            if (result.logFlushes() >= 0) {
                row.put("logFlushes", result.logFlushes());
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, mapper.writeValueAsString(rows) + "\n");
    }

    /** Null when no record was acknowledged in the window (JSON has no NaN). */
    private static void putMillis(ObjectNode row, String field, double millis)
    {
        if (Double.isNaN(millis)) {
            row.putNull(field);
        }
        else {
            row.put(field, round(millis, 3));
        }
    }

    private static double round(double value, int decimals)
    {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static String size(int bytes)
    {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }
}
