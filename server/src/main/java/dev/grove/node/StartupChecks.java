package dev.grove.node;

import dev.grove.config.AuthConfig;
import dev.grove.config.ConfigKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What start-up checks before it creates any file, and how a failed first start cleans up after
 * itself: ports in use are named with the flag that changes them, and a data directory that was new
 * (absent or empty) is left as it was found. Stateless.
 */
final class StartupChecks
{
    private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);

    private StartupChecks() {}

    /**
     * Without authentication, anyone who reaches the node may read and write everything: so it binds to
     * loopback only, unless told explicitly that a wider bind without authentication is wanted.
     */
    static void checkBindAllowed(String host, AuthConfig auth)
    {
        if (auth.enabled() || auth.allowUnauthenticatedRemote()) {
            return;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            throw new IllegalArgumentException("Cannot resolve " + ConfigKey.HOST.key() + " '" + host + "': " + e.getMessage());
        }
        if (!loopback) {
            throw new IllegalArgumentException("Refusing to listen on " + host + " without authentication: anyone who can reach it could read and write "
                    + "everything. Start with --auth (" + ConfigKey.AUTH_ENABLED.key() + "=true), bind to 127.0.0.1, or set "
                    + ConfigKey.AUTH_ALLOW_UNAUTHENTICATED_REMOTE.key() + "=true if the network itself is trusted");
        }
    }

    /** Fails with a clear message if {@code port} cannot be bound on {@code host}; port 0 always can. */
    static void checkPortFree(String protocol, String host, int port, String flag)
    {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            // as the servers do, so a port with connections in TIME_WAIT is not taken for used
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        }
        catch (BindException e) {
            throw portInUse(protocol, host, port, flag, e);
        }
        catch (IOException e) {
            // something else (an unknown host, say): the server's own start reports it
            log.debug("Probing {} port {} on {} failed", protocol, port, host, e);
        }
    }

    /** The server's own bind failure in the same words as {@link #checkPortFree}, or the failure as it was. */
    static RuntimeException explainBindFailure(RuntimeException failure, String protocol, String host, int port, String flag)
    {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return portInUse(protocol, host, port, flag, failure);
            }
        }
        return failure;
    }

    private static IllegalStateException portInUse(String protocol, String host, int port, String flag, Exception cause)
    {
        return new IllegalStateException(protocol + " port " + port + " on " + host + " is in use by another process; stop it or pass " + flag, cause);
    }

    /** True if the directory does not exist yet or holds nothing, so a failed start may remove what it created there. */
    static boolean isNew(Path dataDir)
    {
        if (!Files.exists(dataDir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.findAny().isEmpty();
        }
        catch (IOException e) {
            return false;
        }
    }

    /** Deletes everything under {@code dataDir}, and the directory itself unless it existed before. */
    static void deleteCreated(Path dataDir, boolean keepDirectory)
    {
        if (!Files.exists(dataDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!(keepDirectory && path.equals(dataDir))) {
                    Files.deleteIfExists(path);
                }
            }
        }
        catch (IOException | UncheckedIOException e) {
            log.warn("Could not remove what the failed start created in {}: {}", dataDir.toAbsolutePath(), e.getMessage());
        }
    }
}
