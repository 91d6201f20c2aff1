package dev.grove.error;

/**
 * What kind of failure an error is. Each category maps to one gRPC status code and one Druid HTTP
 * category (and so one HTTP status); protocol edges use these mappings and nothing else.
 */
public enum ErrorCategory
{
    INVALID_INPUT("INVALID_INPUT", 400),
    NOT_FOUND("NOT_FOUND", 404),
    CONFLICT("CONFLICT", 409),
    UNAUTHORIZED("UNAUTHORIZED", 401),
    /** The request conflicts with state the caller must refresh first (a producer's sequence or epoch, a lease). */
    FAILED_PRECONDITION("CONFLICT", 409),
    FORBIDDEN("FORBIDDEN", 403),
    CAPACITY_EXCEEDED("CAPACITY_EXCEEDED", 429),
    UNAVAILABLE("SERVICE_UNAVAILABLE", 503),
    TIMEOUT("TIMEOUT", 504),
    CANCELED("CANCELED", 500),
    UNSUPPORTED("UNSUPPORTED", 501),
    INTERNAL("RUNTIME_FAILURE", 500);

    private final String druidCategory;
    private final int httpStatus;

    ErrorCategory(String druidCategory, int httpStatus)
    {
        this.druidCategory = druidCategory;
        this.httpStatus = httpStatus;
    }

    /** Druid's {@code category} value in its error JSON. */
    public String druidCategory()
    {
        return druidCategory;
    }

    public int httpStatus()
    {
        return httpStatus;
    }
}
