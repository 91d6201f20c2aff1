package dev.grove.fuzz;

import dev.grove.fuzz.EventGenerator.Event;
import dev.grove.fuzz.EventGenerator.Kind;
import dev.grove.proto.admin.v1.TimestampFormat;
import dev.grove.proto.ingest.v1.ProduceResponse;
import dev.grove.proto.ingest.v1.RecordError;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random, near-valid and mutated JSON events into {@code Produce}, in random batch sizes, against a real
 * node. Every batch must be answered with a per-record outcome; after each batch the datasource counts
 * exactly the acknowledged records; at the end the node is healthy, and after a restart on the same data
 * directory it starts and counts the same.
 */
class ProduceFuzzTest
{
    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedEventIsCountedAndSurvivesRestart()
            throws Exception
    {
        FuzzBudget budget = FuzzBudget.of("ProduceFuzzTest", 15, 2_000);
        SplittableRandom random = new SplittableRandom(budget.seed);
        EventGenerator generator = new EventGenerator(random, List.of(Kind.values()));
        List<String> names = new ArrayList<>(new TreeMap<>(FuzzNode.DATASOURCES).keySet());
        Map<String, Long> acknowledged = new TreeMap<>();
        names.forEach(name -> acknowledged.put(name, 0L));
        try (FuzzNode node = FuzzNode.startWithDatasources(dataDir)) {
            while (budget.next()) {
                String target = names.get(random.nextInt(names.size()));
                TimestampFormat format = FuzzNode.DATASOURCES.get(target);
                int size = random.nextInt(4) == 0 ? 1 + random.nextInt(200) : 1 + random.nextInt(8);
                List<Event> events = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    events.add(generator.next(format));
                }
                ProduceResponse response;
                try {
                    response = node.produce(target, events.stream().map(Event::value).toList());
                }
                catch (StatusRuntimeException e) {
                    fail(failure(budget, target, events, "Produce failed with " + e.getStatus()));
                    return;
                }
                Set<Integer> refused = new HashSet<>();
                for (RecordError error : response.getErrorsList()) {
                    assertThat(error.getIndex()).as(() -> failure(budget, target, events, "error index out of range: " + error)).isBetween(0, size - 1);
                    assertThat(refused.add(error.getIndex())).as(() -> failure(budget, target, events, "error index listed twice: " + error)).isTrue();
                    assertThat(error.getMessage()).as(() -> failure(budget, target, events, "error without a reason")).isNotBlank();
                }
                assertThat(response.getCount()).as(() -> failure(budget, target, events, "count + errors != records: " + response)).isEqualTo(size - refused.size());
                acknowledged.merge(target, (long) response.getCount(), Long::sum);
                long counted;
                try {
                    counted = node.count(target);
                }
                catch (Exception | AssertionError e) {
                    fail(failure(budget, target, events, "COUNT(*) after the batch failed: " + e.getMessage() + acceptedOf(events, refused)));
                    return;
                }
                assertThat(counted).as(() -> failure(budget, target, events, "COUNT(*) differs from the acknowledged records" + acceptedOf(events, refused))).isEqualTo(acknowledged.get(target));
            }
            budget.printDone();
            node.assertHealthy("after " + budget.replay());
            for (String name : names) {
                assertThat(node.count(name)).as("%s: COUNT(*) of %s at the end", budget.replay(), name).isEqualTo(acknowledged.get(name));
            }
            node.restart();
            node.assertHealthy("after restart, " + budget.replay());
            for (String name : names) {
                assertThat(node.count(name)).as("%s: COUNT(*) of %s after restart", budget.replay(), name).isEqualTo(acknowledged.get(name));
            }
        }
        System.out.println("grove fuzz: ProduceFuzzTest acknowledged " + acknowledged);
    }

    private static String failure(FuzzBudget budget, String target, List<Event> events, String what)
    {
        String inputs = events.stream().map(event -> "  [" + event.kind() + "] " + event.text()).collect(Collectors.joining("\n"));
        return budget.replay() + ": " + what + "\nProduce into " + target + " (" + FuzzNode.DATASOURCES.get(target) + ") of " + events.size() + " records:\n" + inputs;
    }

    private static String acceptedOf(List<Event> events, Set<Integer> refused)
    {
        StringBuilder accepted = new StringBuilder("\naccepted records:");
        for (int i = 0; i < events.size(); i++) {
            if (!refused.contains(i)) {
                accepted.append("\n  ").append(events.get(i).text());
            }
        }
        return accepted.toString();
    }
}
