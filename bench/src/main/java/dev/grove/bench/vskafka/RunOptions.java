package dev.grove.bench.vskafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** The command line of {@code run-produce.sh --vs-kafka}, validated. */
record RunOptions(
        boolean quick,
        Optional<Path> out,
        ClientSettings settings,
        Duration systemWarmUp,
        Duration warmUp,
        Duration window,
        List<AckMode> acks,
        List<Integer> valueSizes,
        List<Integer> producers,
        boolean maxRows,
        int fixedRate,
        int partitions,
        List<String> systems)
{
    static final String USAGE = """
            usage: bench/run-produce.sh --vs-kafka [--quick] [--out FILE]
                [--batch=1000] [--linger-ms=5] [--in-flight=5] [--buffer-batches=8]
                [--system-warmup-s=5] [--warmup-s=5] [--window-s=15]   (--quick: 2, 1 and 3)
                [--acks=durable,buffered] [--values=100,1024] [--producers=1,8]
                [--rows=all|max|fixed] [--fixed-rate=50000] (0 = no fixed-rate rows)
                [--partitions=1] (Kafka topics) [--systems=kafka,grove]""";
    private static final Set<String> KNOWN = Set.of("vs-kafka", "quick", "out", "batch", "linger-ms", "in-flight", "buffer-batches",
            "system-warmup-s", "warmup-s", "window-s", "acks", "values", "producers", "rows", "fixed-rate", "partitions", "systems");

    RunOptions
    {
        requireNonNull(out, "out is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(systemWarmUp, "systemWarmUp is null");
        requireNonNull(warmUp, "warmUp is null");
        requireNonNull(window, "window is null");
        acks = List.copyOf(acks);
        valueSizes = List.copyOf(valueSizes);
        producers = List.copyOf(producers);
        systems = List.copyOf(systems);
        if (window.isZero() || window.isNegative() || warmUp.isNegative() || systemWarmUp.isNegative()) {
            throw new IllegalArgumentException("--window-s must be positive, --warmup-s and --system-warmup-s not negative");
        }
        if (acks.isEmpty() || valueSizes.isEmpty() || producers.isEmpty() || systems.isEmpty()) {
            throw new IllegalArgumentException("--acks, --values, --producers and --systems each need at least one value");
        }
        for (String system : systems) {
            if (!system.equals("kafka") && !system.equals("grove")) {
                throw new IllegalArgumentException("Unknown system '" + system + "'; use kafka and/or grove");
            }
        }
        if (fixedRate < 0) {
            throw new IllegalArgumentException("--fixed-rate must not be negative: " + fixedRate);
        }
        if (partitions <= 0) {
            throw new IllegalArgumentException("--partitions must be positive: " + partitions);
        }
        // RowSpec checks sizes and counts; fail here, before any broker starts
        if (ProduceVsKafka.plan(acks, valueSizes, producers, maxRows, fixedRate).isEmpty()) {
            throw new IllegalArgumentException("No rows to run: --rows=fixed needs --fixed-rate above 0");
        }
    }

    List<RowSpec> plan()
    {
        return ProduceVsKafka.plan(acks, valueSizes, producers, maxRows, fixedRate);
    }

    /** Accepts {@code --name=value}, {@code --out FILE} and the flags {@code --quick} and {@code --vs-kafka}. */
    static RunOptions parse(String... arguments)
    {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < arguments.length; i++) {
            String argument = arguments[i];
            if (!argument.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + argument + "'");
            }
            String name;
            String value;
            int equals = argument.indexOf('=');
            if (equals >= 0) {
                name = argument.substring(2, equals);
                value = argument.substring(equals + 1);
            }
            else {
                name = argument.substring(2);
                if (name.equals("out")) {
                    if (i + 1 >= arguments.length) {
                        throw new IllegalArgumentException("--out needs a file name");
                    }
                    value = arguments[++i];
                }
                else {
                    value = "true";
                }
            }
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name);
            }
            values.put(name, value);
        }
        boolean quick = Boolean.parseBoolean(values.getOrDefault("quick", "false"));
        String rows = values.getOrDefault("rows", "all");
        if (!rows.equals("all") && !rows.equals("max") && !rows.equals("fixed")) {
            throw new IllegalArgumentException("--rows takes all, max or fixed, not '" + rows + "'");
        }
        ClientSettings settings = new ClientSettings(
                integer(values, "batch", 1000),
                Duration.ofMillis(integer(values, "linger-ms", 5)),
                integer(values, "in-flight", 5),
                integer(values, "buffer-batches", 8));
        return new RunOptions(
                quick,
                Optional.ofNullable(values.get("out")).map(Path::of),
                settings,
                seconds(values, "system-warmup-s", quick ? 2 : 5),
                seconds(values, "warmup-s", quick ? 1 : 5),
                seconds(values, "window-s", quick ? 3 : 15),
                list(values, "acks", "durable,buffered", AckMode::fromLabel),
                list(values, "values", "100,1024", text -> parseInteger("values", text)),
                list(values, "producers", "1,8", text -> parseInteger("producers", text)),
                !rows.equals("fixed"),
                rows.equals("max") ? 0 : integer(values, "fixed-rate", 50_000),
                integer(values, "partitions", 1),
                list(values, "systems", "kafka,grove", Function.identity()));
    }

    private static int integer(Map<String, String> values, String name, int defaultValue)
    {
        String text = values.get(name);
        return text == null ? defaultValue : parseInteger(name, text);
    }

    private static int parseInteger(String name, String text)
    {
        try {
            return Integer.parseInt(text.trim());
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes whole numbers, not '" + text + "'");
        }
    }

    private static Duration seconds(Map<String, String> values, String name, double defaultValue)
    {
        String text = values.get(name);
        try {
            return Duration.ofMillis(Math.round((text == null ? defaultValue : Double.parseDouble(text.trim())) * 1000));
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a number of seconds, not '" + text + "'");
        }
    }

    private static <T> List<T> list(Map<String, String> values, String name, String defaultValue, Function<String, T> parser)
    {
        List<T> items = new ArrayList<>();
        for (String item : Arrays.asList(values.getOrDefault(name, defaultValue).split(","))) {
            if (!item.isBlank()) {
                items.add(parser.apply(item.trim()));
            }
        }
        return items;
    }
}
