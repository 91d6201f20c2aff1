package dev.grove.protocol.grpc;

import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Completes unary calls, mapping every failure through {@link StatusMapper}.
 */
final class GrpcCalls
{
    private GrpcCalls() {}

    static <T> void unary(StreamObserver<T> observer, Supplier<T> call)
    {
        T response;
        try {
            response = call.get();
        }
        catch (RuntimeException | Error e) {
            // an Error too: the caller gets INTERNAL with an error id rather than grpc's bare UNKNOWN
            observer.onError(StatusMapper.toStatus(e));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    static <T> void unaryAsync(StreamObserver<T> observer, Supplier<CompletableFuture<T>> call)
    {
        CompletableFuture<T> future;
        try {
            future = call.get();
        }
        catch (RuntimeException | Error e) {
            // an Error too: the caller gets INTERNAL with an error id rather than grpc's bare UNKNOWN
            observer.onError(StatusMapper.toStatus(e));
            return;
        }
        future.whenComplete((response, failure) -> {
            if (failure != null) {
                observer.onError(StatusMapper.toStatus(failure));
            }
            else {
                observer.onNext(response);
                observer.onCompleted();
            }
        });
    }
}
