package dev.grove.protocol.pg;

import dev.grove.config.PgConfig;
import dev.grove.gateway.TlsMaterial;
import dev.grove.query.SqlQueryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The PostgreSQL wire protocol (v3) front door: plain sockets, one thread per connection from a pool
 * bounded by {@code grove.pg.maxConnections}; one more connection is answered FATAL 53300 and closed
 * at once by the accepting thread. Queries go to the same {@link SqlQueryService} as HTTP and gRPC.
 * Each connection gets a process id and a random secret key (BackendKeyData), which a CancelRequest
 * must present to cancel that connection's running query.
 *
 * <p>Thread-safe.
 */
public final class PgServer
{
    private static final Logger log = LoggerFactory.getLogger(PgServer.class);

    private final String host;
    private final PgConfig config;
    private final PgExecutor executor;
    private final PgAuthenticator authenticator;
    private final Optional<SSLContext> tls;
    private final boolean wantClientCertificates;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger nextProcessId = new AtomicInteger(1);
    private final Map<Integer, PgConnection> connections = new ConcurrentHashMap<>();
    private final Map<Socket, Boolean> sockets = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private static final long OVERFLOW_READ_MILLIS = 2_000;

    private final ExecutorService threads;
    private final ExecutorService overflowThread;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private ServerSocket serverSocket;
    private Thread acceptor;
    private volatile boolean draining;

    /** @param tls the node's TLS identity (and client CAs) an SSLRequest is answered with, or empty to answer 'N' */
    public PgServer(String host, PgConfig config, SqlQueryService queries, PgCatalog catalog, PgAuthenticator authenticator, Optional<TlsMaterial> tls)
    {
        this.tls = requireNonNull(tls, "tls is null").map(PgServer::serverContext);
        this.wantClientCertificates = tls.flatMap(TlsMaterial::clientTrust).isPresent();
        this.host = requireNonNull(host, "host is null");
        this.config = requireNonNull(config, "config is null");
        this.executor = new PgExecutor(queries, catalog);
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.slots = new Semaphore(config.maxConnections());
        this.overflowThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), runnable -> {
            Thread thread = new Thread(runnable, "grove-pg-overflow");
            thread.setDaemon(true);
            return thread;
        });
        // the semaphore bounds connections; the margin covers a thread that has released its slot but not yet returned to the pool
        this.threads = new ThreadPoolExecutor(0, config.maxConnections() + 16, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "grove-pg-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public PgServer start()
    {
        try {
            serverSocket = new ServerSocket();
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(InetAddress.getByName(host), config.port()), 128);
        }
        catch (IOException e) {
            threads.shutdownNow();
            overflowThread.shutdownNow();
            throw new UncheckedIOException("Cannot listen for PostgreSQL clients on " + host + ":" + config.port() + ": " + e.getMessage(), e);
        }
        acceptor = new Thread(this::accept, "grove-pg-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    public int port()
    {
        return serverSocket.getLocalPort();
    }

    PgConfig config()
    {
        return config;
    }

    PgAuthenticator authenticator()
    {
        return authenticator;
    }

    Optional<SSLContext> tls()
    {
        return tls;
    }

    boolean wantClientCertificates()
    {
        return wantClientCertificates;
    }

    private static SSLContext serverContext(TlsMaterial material)
    {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(material.keyManagers().getKeyManagers(), material.clientTrust().map(TrustManagerFactory::getTrustManagers).orElse(null), null);
            return context;
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS for PostgreSQL clients: " + e.getMessage(), e);
        }
    }

    boolean draining()
    {
        return draining;
    }

    private void accept()
    {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            }
            catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    log.warn("Accepting a PostgreSQL connection failed", e);
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                overflow(socket);
                continue;
            }
            int processId = nextProcessId.getAndIncrement();
            PgConnection connection = new PgConnection(socket, this, executor, processId, random.nextInt());
            sockets.put(socket, true);
            try {
                threads.execute(() -> {
                    try {
                        connection.run();
                    }
                    finally {
                        sockets.remove(socket);
                        slots.release();
                    }
                });
            }
            catch (RejectedExecutionException e) {
                sockets.remove(socket);
                slots.release();
                refuse(socket);
            }
        }
    }

    /**
     * A connection past the limit: one small thread reads its first packet (briefly), so a CancelRequest
     * from a client at the limit still works; anything else is refused with 53300. Past a short line of
     * such connections they are closed unread.
     */
    private void overflow(Socket socket)
    {
        try {
            overflowThread.execute(() -> {
                try (socket) {
                    PgMessageReader reader = new PgMessageReader(socket, socket.getInputStream(), PgMessageReader.MAX_STARTUP_BYTES, OVERFLOW_READ_MILLIS);
                    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OVERFLOW_READ_MILLIS);
                    for (int packet = 0; packet < 2; packet++) {
                        PgBuffer buffer = new PgBuffer(reader.readStartupPacket(deadline), "startup");
                        int code = buffer.readInt32();
                        if (code == PgConnection.CANCEL_REQUEST && buffer.remaining() == 8) {
                            cancel(buffer.readInt32(), buffer.readInt32());
                            return;
                        }
                        if (code != PgConnection.SSL_REQUEST && code != PgConnection.GSSENC_REQUEST) {
                            break;
                        }
                        socket.getOutputStream().write('N');
                    }
                    refuse(socket);
                }
                catch (IOException | RuntimeException e) {
                    log.debug("A PostgreSQL connection past the limit failed", e);
                }
            });
        }
        catch (RejectedExecutionException e) {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // nothing more to do for it
            }
        }
    }

    /** Too many connections: FATAL 53300 written straight away (a few bytes, never blocking), then closed. */
    private void refuse(Socket socket)
    {
        try {
            PgMessageWriter writer = new PgMessageWriter(socket.getOutputStream());
            PgWire.error(writer, PgError.fatal(SqlState.TOO_MANY_CONNECTIONS, "sorry, too many clients already (grove.pg.maxConnections is "
                    + config.maxConnections() + ")"));
            writer.flush();
            socket.close();
        }
        catch (IOException e) {
            log.debug("Refusing a PostgreSQL connection failed", e);
        }
    }

    void registered(PgConnection connection)
    {
        connections.put(connection.processId(), connection);
    }

    void unregistered(PgConnection connection)
    {
        connections.remove(connection.processId(), connection);
    }

    /** A CancelRequest: cancels the named connection's running query if the key matches; silent either way, as in PostgreSQL. */
    void cancel(int processId, int secretKey)
    {
        PgConnection connection = connections.get(processId);
        if (connection == null || !MessageDigest.isEqual(intBytes(connection.secretKey()), intBytes(secretKey))) {
            log.debug("CancelRequest for unknown PostgreSQL process {} or with a wrong key", processId);
            return;
        }
        connection.cancel();
    }

    /** Stops accepting connections; connections end after their current message with FATAL 57P01. */
    public void startDraining()
    {
        draining = true;
        closeServerSocket();
    }

    /** Waits up to {@code graceMillis} for busy connections to finish, then closes every connection. */
    public void stop(long graceMillis)
    {
        startDraining();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        while (System.nanoTime() < deadline && connections.values().stream().anyMatch(PgConnection::busy)) {
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Socket socket : sockets.keySet()) {
            try {
                socket.close();
            }
            catch (IOException e) {
                log.debug("Closing a PostgreSQL connection failed", e);
            }
        }
        threads.shutdownNow();
        overflowThread.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("PostgreSQL connection threads did not stop within 5 s");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeServerSocket()
    {
        try {
            if (serverSocket != null) {
                serverSocket.close();
            }
        }
        catch (IOException e) {
            log.debug("Closing the PostgreSQL server socket failed", e);
        }
    }

    private static byte[] intBytes(int value)
    {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

}
