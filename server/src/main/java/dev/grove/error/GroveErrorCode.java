package dev.grove.error;

import static java.util.Objects.requireNonNull;

/**
 * Every error Grove reports. The numbers are part of the wire contract once released: names may
 * change, numbers may not. {@link #druidErrorCode()} is the {@code errorCode} Druid clients see.
 */
public enum GroveErrorCode
{
    // 1xxx: the request is wrong; retrying it unchanged fails again
    INVALID_REQUEST(1000, ErrorCategory.INVALID_INPUT, "invalidInput"),
    SQL_PARSE_ERROR(1001, ErrorCategory.INVALID_INPUT, "invalidInput"),
    SQL_VALIDATION_ERROR(1002, ErrorCategory.INVALID_INPUT, "invalidInput"),
    SQL_UNSUPPORTED(1003, ErrorCategory.UNSUPPORTED, "unsupported"),
    INVALID_SCHEMA(1004, ErrorCategory.INVALID_INPUT, "invalidInput"),
    FORBIDDEN_SQL(1006, ErrorCategory.FORBIDDEN, "forbidden"),
    BATCH_TOO_LARGE(1007, ErrorCategory.INVALID_INPUT, "invalidInput"),
    INVALID_PARAMETER(1008, ErrorCategory.INVALID_INPUT, "invalidInput"),
    SQL_TOO_COMPLEX(1009, ErrorCategory.INVALID_INPUT, "invalidInput"),
    RESULT_TOO_LARGE(1010, ErrorCategory.INVALID_INPUT, "invalidInput"),

    // 2xxx: the thing named does not exist, or already does
    DATASOURCE_NOT_FOUND(2000, ErrorCategory.NOT_FOUND, "notFound"),
    DATASOURCE_ALREADY_EXISTS(2001, ErrorCategory.CONFLICT, "conflict"),
    PARTITION_NOT_OWNED(2002, ErrorCategory.NOT_FOUND, "notFound"),
    SECURITY_ENTITY_NOT_FOUND(2003, ErrorCategory.NOT_FOUND, "notFound"),
    SECURITY_ENTITY_ALREADY_EXISTS(2004, ErrorCategory.CONFLICT, "conflict"),

    // 3xxx: the node cannot take this now; retry later
    NODE_DRAINING(3000, ErrorCategory.UNAVAILABLE, "serviceUnavailable"),
    INGEST_BUFFER_FULL(3001, ErrorCategory.CAPACITY_EXCEEDED, "capacityExceeded"),
    QUERY_TIMEOUT(3002, ErrorCategory.TIMEOUT, "timeout"),
    QUERY_MEMORY_EXCEEDED(3003, ErrorCategory.CAPACITY_EXCEEDED, "capacityExceeded"),
    BATCH_NOT_APPLIED(3004, ErrorCategory.UNAVAILABLE, "serviceUnavailable"),
    DATASOURCE_NEEDS_REPAIR(3005, ErrorCategory.UNAVAILABLE, "serviceUnavailable"),
    QUERY_CANCELED(3006, ErrorCategory.CANCELED, "canceled"),
    QUERY_CAPACITY_EXCEEDED(3007, ErrorCategory.CAPACITY_EXCEEDED, "capacityExceeded"),

    // 4xxx: the producer's state does not allow this request; it must re-sync (new producer, re-route) first
    OUT_OF_ORDER_SEQUENCE(4000, ErrorCategory.FAILED_PRECONDITION, "conflict"),
    PRODUCER_FENCED(4001, ErrorCategory.FAILED_PRECONDITION, "conflict"),
    UNKNOWN_PRODUCER(4002, ErrorCategory.FAILED_PRECONDITION, "conflict"),
    LEASE_EXPIRED(4003, ErrorCategory.FAILED_PRECONDITION, "conflict"),

    // 5xxx: who is calling, and what they may do
    UNAUTHENTICATED(5000, ErrorCategory.UNAUTHORIZED, "unauthorized"),
    PERMISSION_DENIED(5001, ErrorCategory.FORBIDDEN, "forbidden"),
    TOO_MANY_FAILED_LOGINS(5002, ErrorCategory.CAPACITY_EXCEEDED, "capacityExceeded"),

    // 9xxx: Grove itself failed
    STORAGE_FAILURE(9000, ErrorCategory.INTERNAL, "runtimeFailure"),
    QUERY_EXECUTION_FAILED(9001, ErrorCategory.INTERNAL, "runtimeFailure"),
    LOG_CORRUPTED(9002, ErrorCategory.INTERNAL, "runtimeFailure"),
    INTERNAL_ERROR(9999, ErrorCategory.INTERNAL, "runtimeFailure");

    private final int number;
    private final ErrorCategory category;
    private final String druidErrorCode;

    GroveErrorCode(int number, ErrorCategory category, String druidErrorCode)
    {
        this.number = number;
        this.category = requireNonNull(category, "category is null");
        this.druidErrorCode = requireNonNull(druidErrorCode, "druidErrorCode is null");
    }

    public int number()
    {
        return number;
    }

    public ErrorCategory category()
    {
        return category;
    }

    public String druidErrorCode()
    {
        return druidErrorCode;
    }
}
