package dev.grove.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grove.client.GroveProducer;
import dev.grove.client.RecordMetadata;

import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * The saga of seed 001, simulated: an order enters, payment and stock steps accept or reject, and the
 * order service completes the saga, compensates it or fails it. Each step emits an enriched analytics
 * event (customer and product names looked up, saga status, processing time) through the real gRPC
 * producer, at a steady overall rate. About 80% of sagas complete, 12% compensate, 8% fail.
 *
 * <p>Thread-safe; events are generated on one scheduler thread.
 */
public final class SagaSimulation
        implements AutoCloseable
{
    private static final long TICK_MILLIS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GroveProducer producer;
    private final int eventsPerSecond;
    private final RandomGenerator random;
    private final InstantSource clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong sagas = new AtomicLong();
    /** Confined to the scheduler thread. */
    private double credit;
    private long lastTickNanos;

    public SagaSimulation(GroveProducer producer, int eventsPerSecond, RandomGenerator random, InstantSource clock)
    {
        this.producer = requireNonNull(producer, "producer is null");
        if (eventsPerSecond <= 0) {
            throw new IllegalArgumentException("eventsPerSecond must be positive: " + eventsPerSecond);
        }
        this.eventsPerSecond = eventsPerSecond;
        this.random = requireNonNull(random, "random is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "grove-demo-saga");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Counters since start. */
    public record Stats(long sagas, long sent, long acknowledged, long failed) {}

    public Stats stats()
    {
        return new Stats(sagas.get(), sent.get(), acknowledged.get(), failed.get());
    }

    public SagaSimulation start()
    {
        lastTickNanos = System.nanoTime();
        scheduler.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops generating; events already handed to the producer are still sent by it. */
    @Override
    public void close()
    {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tick()
    {
        long now = System.nanoTime();
        // cap the credit so a stalled scheduler does not burst afterwards
        credit = Math.min(credit + eventsPerSecond * (now - lastTickNanos) / 1e9, eventsPerSecond);
        lastTickNanos = now;
        while (credit >= 1) {
            credit -= runSaga();
        }
    }

    /** Emits one saga's events; returns how many. */
    int runSaga()
    {
        sagas.incrementAndGet();
        DemoCatalog.Customer customer = pick(DemoCatalog.CUSTOMERS);
        DemoCatalog.Product product = pick(DemoCatalog.PRODUCTS);
        DemoCatalog.Warehouse warehouse = pick(DemoCatalog.WAREHOUSES);
        String sagaId = "S-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        String orderId = "O-" + Long.toHexString(random.nextLong() & 0xffffffffL);
        long quantity = 1 + random.nextInt(5);
        double total = Math.round(product.price() * quantity * 100) / 100.0;

        double outcome = random.nextDouble();
        boolean paymentFails = outcome >= 0.92;
        boolean compensates = !paymentFails && outcome >= 0.80;
        boolean paymentRejected = compensates && random.nextDouble() < 0.6;
        boolean stockRejected = compensates && !paymentRejected;
        String sagaStatus = paymentFails ? "FAILED" : compensates ? "COMPENSATED" : "COMPLETED";

        long orderMs = 5 + random.nextInt(25);
        long paymentMs = paymentFails ? 3000 + random.nextInt(2000) : 20 + random.nextInt(380);
        long stockMs = 10 + random.nextInt(110);
        Instant start = clock.instant();
        int events = 0;

        events += emit("saga_events", sagaEvent(sagaId, orderId, "ORDER_CREATED", "order-service", "STARTED", "OrderCreated", null, false, orderMs));

        Map<String, Object> payment = event(start.plusMillis(orderMs + paymentMs));
        payment.put("paymentId", "PAY-" + orderId.substring(2));
        payment.put("orderId", orderId);
        payment.put("customerId", customer.id());
        payment.put("customerName", customer.name());
        payment.put("status", paymentFails ? "FAILED" : paymentRejected ? "REJECT" : "ACCEPT");
        payment.put("sagaStatus", sagaStatus);
        payment.put("paymentMethod", pick(DemoCatalog.PAYMENT_METHODS));
        payment.put("paymentProvider", pick(DemoCatalog.PAYMENT_PROVIDERS));
        payment.put("failureReason", paymentFails ? pick(DemoCatalog.FAILURE_REASONS) : paymentRejected ? pick(DemoCatalog.REJECTION_REASONS) : null);
        payment.put("amount", total);
        payment.put("processingTimeMs", paymentMs);
        events += emit("payments", payment);
        events += emit("saga_events", sagaEvent(sagaId, orderId, "PAYMENT", "payment-service", (String) payment.get("status"), "PaymentProcessed",
                (String) payment.get("failureReason"), false, paymentMs));

        if (!paymentFails) {
            long available = 20 + random.nextInt(500);
            Map<String, Object> stock = event(start.plusMillis(orderMs + stockMs));
            stock.put("stockId", "STK-" + orderId.substring(2));
            stock.put("orderId", orderId);
            stock.put("productId", product.id());
            stock.put("productName", product.name());
            stock.put("warehouseId", warehouse.id());
            stock.put("warehouseName", warehouse.name());
            stock.put("status", stockRejected ? "REJECT" : "ACCEPT");
            stock.put("sagaStatus", sagaStatus);
            stock.put("quantity", quantity);
            stock.put("availableStock", stockRejected ? 0 : available);
            stock.put("reservedStock", stockRejected ? 0 : quantity);
            stock.put("processingTimeMs", stockMs);
            events += emit("stock", stock);
            events += emit("saga_events", sagaEvent(sagaId, orderId, "STOCK", "stock-service", stockRejected ? "REJECT" : "ACCEPT", "StockReserved",
                    stockRejected ? "OUT_OF_STOCK" : null, false, stockMs));
        }
        if (paymentRejected) {
            events += emit("saga_events", sagaEvent(sagaId, orderId, "STOCK", "stock-service", "RELEASED", "StockReleased", null, true, 5 + random.nextInt(30)));
        }
        if (stockRejected) {
            events += emit("saga_events", sagaEvent(sagaId, orderId, "PAYMENT", "payment-service", "REFUNDED", "PaymentRefunded", null, true, 30 + random.nextInt(200)));
        }

        long sagaMs = orderMs + Math.max(paymentMs, stockMs) + 2 + random.nextInt(10);
        Map<String, Object> order = event(start.plusMillis(sagaMs));
        order.put("orderId", orderId);
        order.put("customerId", customer.id());
        order.put("customerName", customer.name());
        order.put("productId", product.id());
        order.put("productName", product.name());
        order.put("status", paymentFails ? "REJECTED" : compensates ? "ROLLBACK" : "CONFIRMED");
        order.put("sagaStatus", sagaStatus);
        order.put("quantity", quantity);
        order.put("price", product.price());
        order.put("totalAmount", total);
        order.put("processingTimeMs", sagaMs);
        events += emit("orders", order);
        String finalType = paymentFails ? "SagaFailed" : compensates ? "SagaCompensated" : "SagaCompleted";
        events += emit("saga_events", sagaEvent(sagaId, orderId, "CONFIRM", "order-service", sagaStatus, finalType,
                paymentFails ? "payment failed: " + payment.get("failureReason") : null, compensates, sagaMs));
        return events;
    }

    private Map<String, Object> sagaEvent(String sagaId, String orderId, String step, String service, String status, String eventType,
            String errorMessage, boolean compensating, long durationMs)
    {
        Map<String, Object> event = event(clock.instant());
        event.put("sagaId", sagaId);
        event.put("orderId", orderId);
        event.put("step", step);
        event.put("service", service);
        event.put("status", status);
        event.put("eventType", eventType);
        event.put("errorMessage", errorMessage);
        event.put("compensating", String.valueOf(compensating));
        event.put("durationMs", durationMs);
        return event;
    }

    private static Map<String, Object> event(Instant time)
    {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("timestamp", time.toString());
        return event;
    }

    private int emit(String datasource, Map<String, Object> event)
    {
        String json;
        try {
            json = JSON.writeValueAsString(event);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a demo event", e);
        }
        sent.incrementAndGet();
        CompletableFuture<RecordMetadata> future = producer.send(datasource, json);
        future.whenComplete((metadata, failure) -> (failure == null ? acknowledged : failed).incrementAndGet());
        return 1;
    }

    private <T> T pick(List<T> values)
    {
        return values.get(random.nextInt(values.size()));
    }
}
