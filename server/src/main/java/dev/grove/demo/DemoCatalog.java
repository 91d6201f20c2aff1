package dev.grove.demo;

import java.util.List;

/**
 * The enrichment lookups of the saga demo: who the customers are, what the products cost, where the
 * warehouses are. The raw saga events carry only ids; the analytics events carry these names.
 */
final class DemoCatalog
{
    private DemoCatalog() {}

    record Customer(String id, String name) {}

    record Product(String id, String name, double price) {}

    record Warehouse(String id, String name) {}

    static final List<Customer> CUSTOMERS = List.of(
            new Customer("C-1001", "Max Mustermann"), new Customer("C-1002", "Erika Musterfrau"), new Customer("C-1003", "Ada Lovelace"),
            new Customer("C-1004", "Alan Turing"), new Customer("C-1005", "Grace Hopper"), new Customer("C-1006", "Linus Torvalds"),
            new Customer("C-1007", "Margaret Hamilton"), new Customer("C-1008", "Dennis Ritchie"), new Customer("C-1009", "Barbara Liskov"),
            new Customer("C-1010", "Ken Thompson"), new Customer("C-1011", "Radia Perlman"), new Customer("C-1012", "Donald Knuth"),
            new Customer("C-1013", "Frances Allen"), new Customer("C-1014", "Edsger Dijkstra"), new Customer("C-1015", "Hedy Lamarr"),
            new Customer("C-1016", "John McCarthy"), new Customer("C-1017", "Katherine Johnson"), new Customer("C-1018", "Tim Berners-Lee"),
            new Customer("C-1019", "Sophie Wilson"), new Customer("C-1020", "Niklaus Wirth"));

    static final List<Product> PRODUCTS = List.of(
            new Product("P-201", "Widget Pro", 29.99), new Product("P-202", "Widget Mini", 9.99), new Product("P-203", "Gadget Max", 149.00),
            new Product("P-204", "Sprocket Set", 19.50), new Product("P-205", "Gizmo Deluxe", 89.90), new Product("P-206", "Doohickey", 4.25),
            new Product("P-207", "Thingamajig XL", 59.00), new Product("P-208", "Flux Capacitor", 1210.00), new Product("P-209", "Cog Pack", 12.75),
            new Product("P-210", "Servo Motor", 44.40), new Product("P-211", "Sensor Kit", 74.99), new Product("P-212", "Cable Bundle", 7.80),
            new Product("P-213", "Power Brick", 24.00), new Product("P-214", "Control Board", 129.00), new Product("P-215", "Display Panel", 199.00));

    static final List<Warehouse> WAREHOUSES = List.of(
            new Warehouse("W-1", "Berlin Nord"), new Warehouse("W-2", "Hamburg Hafen"), new Warehouse("W-3", "München Süd"),
            new Warehouse("W-4", "Köln Ost"));

    static final List<String> PAYMENT_METHODS = List.of("CARD", "PAYPAL", "BANK_TRANSFER", "APPLE_PAY");

    static final List<String> PAYMENT_PROVIDERS = List.of("Stripe", "Adyen", "PayPal", "Klarna");

    /** Why a payment is rejected (the saga compensates). */
    static final List<String> REJECTION_REASONS = List.of("INSUFFICIENT_FUNDS", "CARD_DECLINED", "FRAUD_SUSPECTED");

    /** Why a payment fails outright (the saga fails). */
    static final List<String> FAILURE_REASONS = List.of("PROVIDER_TIMEOUT", "GATEWAY_ERROR", "3DS_TIMEOUT");
}
