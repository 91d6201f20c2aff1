package dev.grove.protocol.grpc;

import dev.grove.error.GroveErrorCode;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The produce path's error codes reach producers as the statuses seed 002 names: NOT_FOUND to re-route,
 * FAILED_PRECONDITION to re-sync (sequence, fencing, lease), INTERNAL for storage.
 */
class StatusMapperStreamsTest
{
    @Test
    void streamErrorsMapToTheSeedsStatuses()
    {
        assertThat(StatusMapper.statusFor(GroveErrorCode.PARTITION_NOT_OWNED).getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(StatusMapper.statusFor(GroveErrorCode.OUT_OF_ORDER_SEQUENCE).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusMapper.statusFor(GroveErrorCode.PRODUCER_FENCED).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusMapper.statusFor(GroveErrorCode.UNKNOWN_PRODUCER).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusMapper.statusFor(GroveErrorCode.LEASE_EXPIRED).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(StatusMapper.statusFor(GroveErrorCode.NODE_DRAINING).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(StatusMapper.statusFor(GroveErrorCode.STORAGE_FAILURE).getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(StatusMapper.statusFor(GroveErrorCode.LOG_CORRUPTED).getCode()).isEqualTo(Status.Code.INTERNAL);
    }
}
