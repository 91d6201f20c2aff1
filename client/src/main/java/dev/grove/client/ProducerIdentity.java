package dev.grove.client;

/**
 * An idempotent producer's id and epoch, as InitProducer issued them.
 */
record ProducerIdentity(long producerId, int epoch) {}
