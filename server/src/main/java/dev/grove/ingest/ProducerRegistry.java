package dev.grove.ingest;

import dev.grove.error.GroveErrorCode;
import dev.grove.error.GroveException;
import dev.grove.metadata.ProducerStore;
import dev.grove.metadata.ProducerStore.ProducerEpoch;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Issues idempotent producers their id and epoch (InitProducer) and knows each one's current epoch,
 * so a producer whose name was taken over by a newer instance is fenced on every partition.
 *
 * <p>Thread-safe.
 */
public final class ProducerRegistry
{
    private final ProducerStore store;
    private final InstantSource clock;
    private final Map<Long, Short> epochs;

    public ProducerRegistry(ProducerStore store, InstantSource clock)
    {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.epochs = new ConcurrentHashMap<>(store.epochs());
    }

    /** A new producer id at epoch 0, or with a name, that name's id at its next epoch. */
    public synchronized ProducerEpoch init(String name)
    {
        if (name != null && (name.isEmpty() || name.length() > 255)) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, "A producer name has 1 to 255 characters; leave it empty for a new anonymous producer");
        }
        ProducerEpoch issued;
        try {
            issued = store.init(name, clock.millis());
        }
        catch (IllegalStateException e) {
            throw new GroveException(GroveErrorCode.INVALID_REQUEST, e.getMessage());
        }
        epochs.put(issued.producerId(), issued.epoch());
        return issued;
    }

    /** Fails unless {@code epoch} is the producer's current epoch. */
    public void check(long producerId, short epoch)
    {
        Short current = epochs.get(producerId);
        if (current == null) {
            throw new GroveException(GroveErrorCode.UNKNOWN_PRODUCER, "Producer id " + producerId + " was never issued by this cluster; call InitProducer");
        }
        if (epoch < current) {
            throw new GroveException(GroveErrorCode.PRODUCER_FENCED, "Producer " + producerId + " epoch " + epoch + " is fenced: a newer instance holds epoch "
                    + current + "; this producer must stop");
        }
        if (epoch > current) {
            throw new GroveException(GroveErrorCode.UNKNOWN_PRODUCER, "Producer " + producerId + " has no epoch " + epoch + " (current is " + current + "); call InitProducer");
        }
    }
}
