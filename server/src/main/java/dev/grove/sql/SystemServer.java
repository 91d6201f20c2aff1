package dev.grove.sql;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One row of Druid's {@code sys.servers}: a Grove node answers as each Druid service it stands in for
 * ({@code coordinator} for lookups, {@code broker} for queries, {@code historical} for the data), all at
 * its HTTP address.
 */
public record SystemServer(String host, int plaintextPort, String serverType, boolean leader, String startTime)
{
    public SystemServer
    {
        requireNonNull(host, "host is null");
        requireNonNull(serverType, "serverType is null");
        requireNonNull(startTime, "startTime is null");
    }

    /** The query standing for {@code sys.servers} (Druid's released columns; booleans as 1/0, TLS off as -1). */
    static String query(List<SystemServer> servers)
    {
        List<List<Object>> rows = new ArrayList<>();
        for (SystemServer server : servers) {
            // Druid: is_leader is 1/0 for the services that elect a leader, NULL for the others
            Long leader = server.leader() ? Long.valueOf(1) : server.serverType().equals("coordinator") ? Long.valueOf(0) : null;
            rows.add(InformationSchema.row(server.host() + ":" + server.plaintextPort(), server.host(), (long) server.plaintextPort(), -1L,
                    server.serverType(), server.serverType().equals("historical") ? "_default_tier" : null, 0L, 0L,
                    leader, server.startTime()));
        }
        return InformationSchema.values(rows, "server VARCHAR", "host VARCHAR", "plaintext_port BIGINT", "tls_port BIGINT", "server_type VARCHAR",
                "tier VARCHAR", "curr_size BIGINT", "max_size BIGINT", "is_leader BIGINT", "start_time VARCHAR");
    }
}
