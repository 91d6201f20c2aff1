package dev.grove.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Tells whether an address that failed an HTTP/1.1 request is an HTTP/2-only server, which is what Grove's
 * gRPC port is: such a server opens with an HTTP/2 frame (SETTINGS, or GOAWAY for a refused preface) where
 * an HTTP/1.1 server would answer {@code HTTP/1.1 ...}. Stateless; thread-safe.
 */
final class GrpcPortProbe
{
    private static final int TIMEOUT_MILLIS = 2_000;
    private static final int FRAME_HEADER_BYTES = 9;
    private static final int SETTINGS = 0x4;
    private static final int GOAWAY = 0x7;

    private GrpcPortProbe() {}

    static String message(URI base)
    {
        return base.getHost() + ":" + base.getPort() + " looks like Grove's gRPC port, not its HTTP API; pass --http-port (default 8888)";
    }

    static boolean answersHttp2Only(URI base)
    {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /status HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return isHttp2FrameHeader(socket.getInputStream().readNBytes(FRAME_HEADER_BYTES));
        }
        catch (IOException e) {
            return false;
        }
    }

    /** A connection-level frame header: 24-bit length, type SETTINGS or GOAWAY, stream 0. */
    static boolean isHttp2FrameHeader(byte[] header)
    {
        if (header.length < FRAME_HEADER_BYTES) {
            return false;
        }
        int type = header[3];
        boolean streamZero = (header[5] & 0x7f) == 0 && header[6] == 0 && header[7] == 0 && header[8] == 0;
        return (type == SETTINGS || type == GOAWAY) && streamZero;
    }
}
