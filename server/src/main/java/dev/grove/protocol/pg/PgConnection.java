package dev.grove.protocol.pg;

import dev.grove.error.GroveException;
import dev.grove.error.InternalErrors;
import dev.grove.error.GroveErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.grove.gateway.Access;
import dev.grove.gateway.TlsMaterial;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * One client connection, on its own thread: the startup phase (SSLRequest and GSSENCRequest answered
 * 'N', CancelRequest, the startup packet, authentication through the {@link PgAuthenticator} seam,
 * ParameterStatus, BackendKeyData), then the message loop. Simple queries are handled here; the
 * extended protocol by {@link PgExtendedQuery}.
 *
 * <p>A protocol violation that breaks framing, an oversized message, a slow or silent client, or a
 * node shutdown ends the connection, with a FATAL ErrorResponse where the stream still allows one;
 * the node and other connections are untouched.
 *
 * <p>Not thread-safe, except {@link #cancel()} and {@link #close()}, which other threads call.
 */
final class PgConnection
        implements Runnable
{
    private static final Logger log = LoggerFactory.getLogger(PgConnection.class);
    static final int PROTOCOL_3_0 = 196608;
    static final int SSL_REQUEST = 80877103;
    static final int GSSENC_REQUEST = 80877104;
    static final int CANCEL_REQUEST = 80877102;
    /** At most this many SSLRequest/GSSENCRequest negotiations before the startup packet. */
    private static final int MAX_NEGOTIATIONS = 2;

    /** The client's socket; replaced by its TLS wrapper after an SSLRequest is accepted. */
    private volatile Socket socket;
    private BufferedInputStream input;
    private final PgServer server;
    private final PgExecutor executor;
    private final int processId;
    private final int secretKey;
    private PgMessageReader reader;
    private PgMessageWriter writer;
    private PgSession session;
    private PgStartup startup;
    /** What the authenticated caller may read; every query runs with it. */
    private Access access;
    private PgExtendedQuery extended;
    private final PgTransaction transaction = new PgTransaction();
    private volatile PgExecutor.Running running;
    private volatile boolean busy;

    PgConnection(Socket socket, PgServer server, PgExecutor executor, int processId, int secretKey)
    {
        this.socket = requireNonNull(socket, "socket is null");
        this.server = requireNonNull(server, "server is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.processId = processId;
        this.secretKey = secretKey;
    }

    int processId()
    {
        return processId;
    }

    int secretKey()
    {
        return secretKey;
    }

    /** True while a message is being handled; a draining server closes only connections that are not. */
    boolean busy()
    {
        return busy;
    }

    @Override
    public void run()
    {
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            streams();
            if (startup()) {
                server.registered(this);
                loop();
            }
        }
        catch (PgProtocolException e) {
            sendFatal(PgError.fatal(e.sqlState(), e.getMessage()));
        }
        catch (PgAuthenticationException e) {
            sendFatal(PgError.fatal(e.sqlState(), e.getMessage()));
        }
        catch (PgMessageReader.IdleTimeoutException e) {
            sendFatal(PgError.fatal(SqlState.IDLE_SESSION_TIMEOUT, "terminating connection due to idle-session timeout ("
                    + server.config().idleTimeoutMillis() + " ms, grove.pg.idleTimeoutMs)"));
        }
        catch (PgMessageReader.SlowClientException e) {
            sendFatal(PgError.fatal(SqlState.PROTOCOL_VIOLATION, "terminating connection: a message did not arrive whole within "
                    + server.config().startupTimeoutMillis() + " ms (grove.pg.startupTimeoutMs)"));
        }
        catch (EOFException | SocketException e) {
            log.debug("PostgreSQL connection {} closed: {}", processId, e.getMessage());
        }
        catch (IOException e) {
            log.debug("PostgreSQL connection {} failed", processId, e);
        }
        catch (RuntimeException | Error e) {
            GroveException internal = InternalErrors.internal(GroveErrorCode.INTERNAL_ERROR, "serving a PostgreSQL connection", e);
            sendFatal(PgError.fatal(SqlState.INTERNAL_ERROR, internal.getMessage()));
        }
        finally {
            close();
            server.unregistered(this);
        }
    }

    private void streams()
            throws IOException
    {
        input = new BufferedInputStream(socket.getInputStream(), 8192);
        reader = new PgMessageReader(socket, input, server.config().maxMessageBytes(), server.config().startupTimeoutMillis());
        writer = new PgMessageWriter(new BufferedOutputStream(socket.getOutputStream(), 8192));
    }

    private String clientAddress()
    {
        return socket.getRemoteSocketAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress()
                : String.valueOf(socket.getRemoteSocketAddress());
    }

    private Optional<String> clientCertificate()
    {
        if (!(socket instanceof SSLSocket tls)) {
            return Optional.empty();
        }
        try {
            return TlsMaterial.commonName(tls.getSession().getPeerCertificates());
        }
        catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** The startup phase; false when the connection was a CancelRequest and is done. */
    private boolean startup()
            throws IOException
    {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(server.config().startupTimeoutMillis());
        for (int negotiation = 0; ; negotiation++) {
            byte[] packet = reader.readStartupPacket(deadline);
            PgBuffer buffer = new PgBuffer(packet, "startup");
            int code = buffer.readInt32();
            if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                if (negotiation >= MAX_NEGOTIATIONS || packet.length != 4 || socket instanceof SSLSocket) {
                    throw PgProtocolException.fatal("unexpected " + (code == SSL_REQUEST ? "SSLRequest" : "GSSENCRequest") + " packet");
                }
                if (code == SSL_REQUEST && server.tls().isPresent()) {
                    startTls(server.tls().get(), deadline);
                    continue;
                }
                // no TLS or GSSAPI encryption yet: 'N' tells the client to go on in plain text (or give up if it requires them)
                writer.rawByte('N');
                writer.flush();
                continue;
            }
            if (code == CANCEL_REQUEST) {
                if (packet.length != 12) {
                    throw PgProtocolException.fatal("invalid length of CancelRequest packet");
                }
                server.cancel(buffer.readInt32(), buffer.readInt32());
                return false;
            }
            if (code >>> 16 != 3) {
                throw new PgProtocolException(SqlState.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xffff)
                        + ": server supports 3.0", true);
            }
            Map<String, String> parameters = startupParameters(buffer);
            if ((code & 0xffff) != 0) {
                negotiateMinorVersion(parameters);
            }
            begin(parameters);
            return true;
        }
    }

    /** Answers 'S' and runs the TLS handshake; the startup goes on inside TLS. */
    private void startTls(SSLContext context, long deadline)
            throws IOException
    {
        // bytes sent before the handshake would be read as if they had come through TLS (CVE-2021-23214)
        if (input.available() > 0) {
            throw PgProtocolException.fatal("received unencrypted data after SSL request");
        }
        writer.rawByte('S');
        writer.flush();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        tls.setUseClientMode(false);
        // a client certificate is optional per client: one verified against grove.tls.clientCaFile names the user
        tls.setWantClientAuth(server.wantClientCertificates());
        tls.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        socket = tls;
        // a failed handshake is an IOException: the connection closes without a message, as PostgreSQL's does
        tls.startHandshake();
        streams();
    }

    private static Map<String, String> startupParameters(PgBuffer buffer)
    {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            String name = buffer.readCString();
            if (name.isEmpty()) {
                break;
            }
            parameters.put(name, buffer.readCString());
        }
        buffer.expectEnd();
        return parameters;
    }

    /** A client asking for protocol 3.x (x > 0) or for {@code _pq_.} options learns that the server speaks 3.0 without them. */
    private void negotiateMinorVersion(Map<String, String> parameters)
            throws IOException
    {
        List<String> options = parameters.keySet().stream().filter(name -> name.startsWith("_pq_.")).toList();
        writer.begin('v').int32(PROTOCOL_3_0).int32(options.size());
        options.forEach(writer::cString);
        writer.end();
        options.forEach(parameters::remove);
    }

    private void begin(Map<String, String> parameters)
            throws IOException
    {
        String user = parameters.get("user");
        if (user == null || user.isEmpty()) {
            throw new PgProtocolException(SqlState.INVALID_AUTHORIZATION, "no PostgreSQL user name specified in startup packet", true);
        }
        String database = parameters.getOrDefault("database", user);
        startup = new PgStartup(user, database.isEmpty() ? user : database, parameters, clientAddress(), socket instanceof SSLSocket, clientCertificate());
        access = server.authenticator().authenticate(startup, new AuthenticationExchange());
        session = new PgSession(user, startup.database());
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (!name.equals("user") && !name.equals("database") && !name.equals("options") && !name.equals("replication")) {
                session.set(name, parameter.getValue());
            }
        }
        writer.begin('R').int32(0).end();
        for (Map.Entry<String, String> setting : session.reported().entrySet()) {
            PgWire.parameterStatus(writer, setting.getKey(), setting.getValue());
        }
        writer.begin('K').int32(processId).int32(secretKey).end();
        extended = new PgExtendedQuery(this, executor);
        PgWire.readyForQuery(writer, transaction.status());
        writer.flush();
    }

    private void loop()
            throws IOException
    {
        while (true) {
            if (server.draining()) {
                sendFatal(PgError.fatal(SqlState.ADMIN_SHUTDOWN, "terminating connection due to administrator command: the node is shutting down"));
                return;
            }
            PgMessageReader.Message message = reader.readMessage(server.config().idleTimeoutMillis());
            busy = true;
            try {
                if (message.type() == 'X') {
                    return;
                }
                if (!extended.handle(message)) {
                    if (message.type() != 'Q') {
                        throw PgProtocolException.fatal("invalid frontend message type '" + PgMessageReader.printable(message.type()) + "'");
                    }
                    simpleQuery(message);
                }
                if (message.type() == 'Q' || message.type() == 'S' || message.type() == 'H') {
                    writer.flush();
                }
            }
            finally {
                busy = false;
            }
        }
    }

    private void simpleQuery(PgMessageReader.Message message)
            throws IOException
    {
        extended.closeUnnamed();
        String statement = null;
        int offset = 0;
        try {
            PgBuffer buffer = message.buffer("Query");
            String sql = buffer.readCString();
            buffer.expectEnd();
            List<String> statements = PgSqlText.split(sql);
            if (statements.isEmpty()) {
                writer.begin('I').end();
            }
            int searchFrom = 0;
            for (String each : statements) {
                statement = each;
                // positions in errors count from the start of the whole query string, as in PostgreSQL
                offset = sql.indexOf(each, searchFrom);
                searchFrom = offset + each.length();
                PgCommand command = PgCommand.parse(each);
                PgResult result = run(command, List.of(), each);
                result.columns().ifPresent(columns -> PgWire.rowDescription(writer, columns, new short[0]));
                PgWire.dataRows(writer, result, 0, result.rows().size(), new short[0]);
                PgWire.commandComplete(writer, result.tag());
            }
        }
        catch (RuntimeException e) {
            sendError(e, statement, Math.max(0, offset));
        }
        PgWire.readyForQuery(writer, transaction.status());
    }

    /** Runs one command (simple or extended), minding the transaction state; {@code sql} is for error positions. */
    PgResult run(PgCommand command, List<Object> parameters, String sql)
    {
        transaction.check(command);
        PgResult result = executor.execute(command, parameters, session, startup, access, current -> running = current, this::reportSetting);
        // portals of a finished block are dropped at the next Sync, not now: the one running COMMIT is still executing
        transaction.apply(command);
        return result;
    }

    private void reportSetting(String name)
    {
        session.get(name).ifPresent(value -> {
            try {
                PgWire.parameterStatus(writer, name, value);
            }
            catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Sends an ErrorResponse for a failure of a statement (never fatal to the connection unless the failure says so). */
    void sendError(RuntimeException failure, String sql)
            throws IOException
    {
        sendError(failure, sql, 0);
    }

    /** {@code offset}: where {@code sql} starts in the text the client sent, for the error's position. */
    void sendError(RuntimeException failure, String sql, int offset)
            throws IOException
    {
        transaction.failed();
        if (failure instanceof java.io.UncheckedIOException io) {
            throw io.getCause();
        }
        if (failure instanceof PgProtocolException protocol && protocol.fatal()) {
            throw protocol;
        }
        PgError error = toError(failure, sql);
        if (error.position().isPresent() && sql != null) {
            error = new PgError(error.severity(), error.sqlState(), error.message(),
                    java.util.OptionalInt.of(error.position().getAsInt() + offset));
        }
        PgWire.error(writer, error);
    }

    static PgError toError(RuntimeException failure, String sql)
    {
        if (failure instanceof PgProtocolException protocol) {
            return PgError.error(protocol.sqlState(), protocol.getMessage());
        }
        if (failure instanceof GroveException grove) {
            return PgError.of(grove, sql);
        }
        GroveException internal = InternalErrors.internal(GroveErrorCode.INTERNAL_ERROR, "running a PostgreSQL statement", failure);
        return PgError.error(SqlState.INTERNAL_ERROR, internal.getMessage());
    }

    PgMessageWriter writer()
    {
        return writer;
    }

    PgSession session()
    {
        return session;
    }

    PgStartup startupPacket()
    {
        return startup;
    }

    Access access()
    {
        return access;
    }

    PgTransaction transaction()
    {
        return transaction;
    }

    /** Called from a CancelRequest's thread: cancels the statement running now, if any. */
    void cancel()
    {
        GroveException reason = new GroveException(GroveErrorCode.QUERY_CANCELED, "canceling statement due to user request");
        // the query registers for cancellation a moment after it starts; try briefly, bounded
        for (int attempt = 0; attempt < 50; attempt++) {
            PgExecutor.Running current = running;
            if (current != null && current.cancel(reason)) {
                return;
            }
            if (!busy) {
                return;
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sendFatal(PgError error)
    {
        if (writer == null || socket.isClosed()) {
            return;
        }
        try {
            PgWire.error(writer, error.asFatal());
            writer.flush();
        }
        catch (IOException | RuntimeException e) {
            log.debug("Could not send the closing error to PostgreSQL connection {}", processId, e);
        }
    }

    void close()
    {
        try {
            socket.close();
        }
        catch (IOException e) {
            log.debug("Closing PostgreSQL connection {} failed", processId, e);
        }
    }

    private final class AuthenticationExchange
            implements PgAuthenticator.Exchange
    {
        @Override
        public void sendAuthenticationRequest(int code, byte[] data)
                throws IOException
        {
            writer.begin('R').int32(code).bytes(data).end();
            writer.flush();
        }

        @Override
        public byte[] readPasswordMessage()
                throws IOException
        {
            PgMessageReader.Message message = reader.readMessage(server.config().startupTimeoutMillis());
            if (message.type() != 'p') {
                throw PgProtocolException.fatal("expected a password message ('p'), got '" + PgMessageReader.printable(message.type()) + "'");
            }
            return message.body();
        }
    }
}
