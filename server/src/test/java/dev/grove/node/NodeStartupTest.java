package dev.grove.node;

import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeStartupTest
{
    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void oneNodePerDataDirectory()
    {
        try (GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(first).withPorts(0, 0))) {
            assertThatThrownBy(() -> GroveNode.start(GroveConfig.defaults().withDataDir(first).withPorts(0, 0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another Grove node");
        }
        // the lock is released on close
        GroveNode.start(GroveConfig.defaults().withDataDir(first).withPorts(0, 0)).close();
    }

    @Test
    void failedStartReleasesWhatItOpened()
            throws Exception
    {
        int grpcPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            grpcPort = probe.getLocalPort();
        }
        try (ServerSocket taken = new ServerSocket(0)) {
            GroveConfig config = GroveConfig.defaults().withDataDir(second).withPorts(taken.getLocalPort(), grpcPort);
            assertThatThrownBy(() -> GroveNode.start(config))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Cannot listen for HTTP");
        }
        // same directory and gRPC port: both were released by the failed start
        try (GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(second).withPorts(0, grpcPort))) {
            assertThat(node.grpcPort()).isEqualTo(grpcPort);
        }
    }
}
