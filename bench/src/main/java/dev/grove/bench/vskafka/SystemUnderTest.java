package dev.grove.bench.vskafka;

/** A running system the rows produce to: a Kafka broker or a Grove node, both in this JVM on loopback. */
interface SystemUnderTest
        extends AutoCloseable
{
    /** {@code grove} or {@code kafka}. */
    String name();

    /** What the system is actually asked for when a row wants {@code mode}. */
    String appliedAcks(AckMode mode);

    /** Creates a fresh topic or datasource for one row; closing the target deletes it. */
    ProduceTarget open(RowSpec spec, int row)
            throws Exception;

    /** Log fsyncs so far, where the system reports them, else -1. */
    long logFlushes();

    /** A sentence about how ack modes map on this system today, or empty. */
    String note();

    @Override
    void close();

    /** Where one row's records go; hands out one sender per producer. */
    interface ProduceTarget
            extends AutoCloseable
    {
        RecordSender newSender(int producer);

        @Override
        void close()
                throws Exception;
    }

    /** One producer client with its own connection. Thread-safe as the real clients are. */
    interface RecordSender
    {
        /** Sends one value; {@code acknowledgement} runs once, with null when acknowledged or with why it failed. */
        void send(byte[] value, Acknowledgement acknowledgement);

        /** Sends what is buffered, waits up to {@code timeoutMillis} for the answers, and closes the client. */
        void close(long timeoutMillis);
    }

    @FunctionalInterface
    interface Acknowledgement
    {
        void done(Throwable failure);
    }
}
