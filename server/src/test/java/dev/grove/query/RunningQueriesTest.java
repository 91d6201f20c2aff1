package dev.grove.query;

import dev.grove.engine.QueryCancellation;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunningQueriesTest
{
    @Test
    void aQueryWhoseTablesWereFilledInAfterItStartedIsStillRemoved()
            throws InterruptedException
    {
        RunningQueries running = new RunningQueries();
        QueryCancellation cancellation = new QueryCancellation(60_000);
        Set<String> tables = ConcurrentHashMap.newKeySet();
        running.add("q1", cancellation, tables);
        // planning fills the set in while the query is registered
        tables.add("orders");
        assertThat(running.count()).isEqualTo(1);
        running.remove("q1", cancellation);
        assertThat(running.count()).isZero();
        assertThat(running.awaitNone(100)).isTrue();
    }

    @Test
    void aCancelNeedsReadOnEveryTableTheQueriesRead()
    {
        RunningQueries running = new RunningQueries();
        QueryCancellation cancellation = new QueryCancellation(60_000);
        running.add("q1", cancellation, Set.of("orders", "secret"));
        GroveException reason = new GroveException(GroveErrorCode.QUERY_CANCELED, "cancelled");
        TableAccess ordersOnly = tables -> {
            if (!Set.of("orders").containsAll(tables)) {
                throw new GroveException(GroveErrorCode.PERMISSION_DENIED, "no");
            }
        };
        assertThatThrownBy(() -> running.cancel("q1", reason, ordersOnly)).isInstanceOf(GroveException.class);
        assertThat(running.cancel("q1", reason, TableAccess.ALL)).isTrue();
        assertThat(running.cancel("nope", reason, TableAccess.ALL)).isFalse();
    }
}
