package dev.grove.protocol.pg;

/**
 * The transaction status ReadyForQuery reports. Grove only reads, so a transaction block brackets
 * nothing, but clients rely on its shape: BEGIN enters a block ('T'), an error inside it fails the
 * block ('E', where everything but COMMIT and ROLLBACK is refused with 25P02), COMMIT or ROLLBACK
 * leaves it ('I'). Portals live until the block ends, so a JDBC driver can fetch in chunks.
 *
 * <p>Not thread-safe; used by its connection's thread only.
 */
final class PgTransaction
{
    private boolean inBlock;
    private boolean failed;

    char status()
    {
        return !inBlock ? 'I' : failed ? 'E' : 'T';
    }

    boolean inBlock()
    {
        return inBlock;
    }

    /** Refuses a command in a failed block, as PostgreSQL does. */
    void check(PgCommand command)
    {
        if (failed && inBlock && !(command instanceof PgCommand.Transaction transaction && (transaction.tag().equals("COMMIT") || transaction.tag().equals("ROLLBACK")))) {
            throw new PgProtocolException("25P02", "current transaction is aborted, commands ignored until end of transaction block");
        }
    }

    void apply(PgCommand command)
    {
        if (command instanceof PgCommand.Transaction transaction) {
            switch (transaction.tag()) {
                case "BEGIN", "START TRANSACTION" -> inBlock = true;
                case "COMMIT", "ROLLBACK" -> {
                    inBlock = false;
                    failed = false;
                }
                default -> {
                }
            }
        }
    }

    void failed()
    {
        if (inBlock) {
            failed = true;
        }
    }
}
