package dev.grove.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A call to a Grove node failed; {@link #code()} is the gRPC status code, the message the node's reason.
 */
public class GroveClientException
        extends RuntimeException
{
    private final Status.Code code;

    public GroveClientException(Status.Code code, String message)
    {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    public GroveClientException(Status.Code code, String message, Throwable cause)
    {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    public Status.Code code()
    {
        return code;
    }

    static GroveClientException from(Throwable throwable)
    {
        if (throwable instanceof GroveClientException client) {
            return client;
        }
        Status status = Status.fromThrowable(throwable);
        String description = status.getDescription() == null ? String.valueOf(throwable.getMessage()) : status.getDescription();
        return new GroveClientException(status.getCode(), status.getCode() + ": " + description, throwable);
    }

    static <T> T call(Supplier<T> call)
    {
        try {
            return call.get();
        }
        catch (StatusRuntimeException e) {
            throw from(e);
        }
    }
}
