package dev.grove.protocol.grpc;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place an exception becomes a gRPC status. Grove errors keep their message; anything else
 * is logged once and leaves as INTERNAL with a generic description (no server internals on the wire).
 */
public final class StatusMapper
{
    private static final Logger log = LoggerFactory.getLogger(StatusMapper.class);

    private StatusMapper() {}

    public static StatusRuntimeException toStatus(Throwable throwable)
    {
        Throwable cause = unwrap(throwable);
        if (cause instanceof StatusRuntimeException status) {
            return status;
        }
        if (cause instanceof GroveException grove) {
            return statusFor(grove.code()).withDescription(grove.getMessage()).asRuntimeException();
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
        }
        log.error("Unexpected error in a gRPC call", cause);
        return Status.INTERNAL.withDescription("Internal error; see the node's log").asRuntimeException();
    }

    static Status statusFor(GroveErrorCode code)
    {
        return switch (code.category()) {
            case INVALID_INPUT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case CONFLICT -> Status.ALREADY_EXISTS;
            case FORBIDDEN -> Status.PERMISSION_DENIED;
            case CAPACITY_EXCEEDED -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case TIMEOUT -> Status.DEADLINE_EXCEEDED;
            case CANCELED -> Status.CANCELLED;
            case UNSUPPORTED -> Status.UNIMPLEMENTED;
            case INTERNAL -> Status.INTERNAL;
        };
    }

    static Throwable unwrap(Throwable throwable)
    {
        Throwable cause = throwable;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
