package dev.grove.protocol.grpc;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.error.InternalErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place an exception becomes a gRPC status. Grove errors keep their message; anything else
 * is logged once with an error id and leaves as INTERNAL naming only that id (no server internals on the wire).
 */
public final class StatusMapper
{
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
        GroveException internal = InternalErrors.internal(GroveErrorCode.INTERNAL_ERROR, "answering a gRPC call", cause);
        return Status.INTERNAL.withDescription(internal.getMessage()).asRuntimeException();
    }

    static Status statusFor(GroveErrorCode code)
    {
        return switch (code.category()) {
            case INVALID_INPUT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case CONFLICT -> Status.ALREADY_EXISTS;
            case UNAUTHORIZED -> Status.UNAUTHENTICATED;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
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
