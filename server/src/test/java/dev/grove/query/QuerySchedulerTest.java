package dev.grove.query;

import dev.grove.engine.QueryCancellation;
import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Slots, lanes and priority: a freed slot goes to the waiting query with the highest priority, a lane's
 * reserved slot only to its own queries, and a full line or an unknown lane is refused at once.
 */
class QuerySchedulerTest
{
    private static final long LONG_WAIT = 60_000;

    @Test
    void aFreedSlotGoesToTheHighestPriorityWaiterFirst()
    {
        QueryScheduler scheduler = new QueryScheduler(1, 5, Map.of());
        QueryScheduler.Slot held = scheduler.acquire(Optional.empty(), 0, LONG_WAIT, new QueryCancellation(LONG_WAIT));
        CompletableFuture<QueryScheduler.Slot> low = CompletableFuture.supplyAsync(() -> scheduler.acquire(Optional.empty(), -5, LONG_WAIT, new QueryCancellation(LONG_WAIT)));
        awaitWaiting(scheduler, 1);
        CompletableFuture<QueryScheduler.Slot> high = CompletableFuture.supplyAsync(() -> scheduler.acquire(Optional.empty(), 10, LONG_WAIT, new QueryCancellation(LONG_WAIT)));
        awaitWaiting(scheduler, 2);

        held.close();
        QueryScheduler.Slot first = high.orTimeout(20, TimeUnit.SECONDS).join();
        assertThat(low).isNotDone();
        assertThat(scheduler.waitingCount()).isEqualTo(1);
        first.close();
        low.orTimeout(20, TimeUnit.SECONDS).join().close();
        // every slot is back: one more query takes one at once
        scheduler.acquire(Optional.empty(), 0, 1, new QueryCancellation(1)).close();
    }

    @Test
    void aLanesReservedSlotServesOnlyItsLaneAndItMayBorrowASharedOne()
    {
        QueryScheduler scheduler = new QueryScheduler(1, 0, Map.of("one", 1));
        QueryScheduler.Slot analyst = scheduler.acquire(Optional.empty(), 0, 1, new QueryCancellation(1));
        // the default lane is full and may not queue
        assertThatThrownBy(() -> scheduler.acquire(Optional.empty(), 0, 1, new QueryCancellation(1)))
                .isInstanceOfSatisfying(GroveException.class, e -> assertThat(e.code()).isEqualTo(GroveErrorCode.QUERY_CAPACITY_EXCEEDED));
        QueryScheduler.Slot dashboard = scheduler.acquire(Optional.of("one"), 0, 1, new QueryCancellation(1));
        analyst.close();
        // lane one's own slot is taken, so it borrows the freed shared one
        QueryScheduler.Slot second = scheduler.acquire(Optional.of("one"), 0, 1, new QueryCancellation(1));
        assertThatThrownBy(() -> scheduler.acquire(Optional.empty(), 0, 1, new QueryCancellation(1))).isInstanceOf(GroveException.class);
        dashboard.close();
        second.close();
        scheduler.acquire(Optional.empty(), 0, 1, new QueryCancellation(1)).close();
        assertThatThrownBy(() -> scheduler.acquire(Optional.of("two"), 0, 1, new QueryCancellation(1)))
                .hasMessage("Unknown query lane 'two' in context 'lane'; the lanes are: one (grove.query.lanes)");
    }

    @Test
    void aCancelledWaiterLeavesTheLineWithItsReason()
    {
        QueryScheduler scheduler = new QueryScheduler(1, 1, Map.of());
        QueryScheduler.Slot held = scheduler.acquire(Optional.empty(), 0, LONG_WAIT, new QueryCancellation(LONG_WAIT));
        QueryCancellation cancellation = new QueryCancellation(LONG_WAIT);
        CompletableFuture<QueryScheduler.Slot> waiter = CompletableFuture.supplyAsync(() -> scheduler.acquire(Optional.empty(), 0, LONG_WAIT, cancellation));
        awaitWaiting(scheduler, 1);
        cancellation.cancel(new GroveException(GroveErrorCode.QUERY_CANCELED, "cancelled by test"));
        assertThatThrownBy(() -> waiter.orTimeout(20, TimeUnit.SECONDS).join()).hasRootCauseMessage("cancelled by test");
        assertThat(scheduler.waitingCount()).isZero();
        held.close();
        scheduler.acquire(Optional.empty(), 0, 1, new QueryCancellation(1)).close();
    }

    private static void awaitWaiting(QueryScheduler scheduler, int count)
    {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            while (scheduler.waitingCount() < count) {
                Thread.sleep(5);
            }
        });
    }
}
