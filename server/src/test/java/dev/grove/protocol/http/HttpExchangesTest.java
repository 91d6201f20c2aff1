package dev.grove.protocol.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HttpExchangesTest
{
    @Test
    void evenAnErrorInAHandlerIsAnsweredWithAnErrorIdAndNoInternals()
    {
        HttpExchange exchange = new HttpExchange("POST", URI.create("/druid/v2/sql"), "application/json", new byte[0]);
        HttpExchanges.handle(exchange, ignored -> {
            throw new NoClassDefFoundError("dev/grove/admin/DatasourceSpecJson");
        });
        assertThat(exchange.status()).isEqualTo(500);
        String body = new String(exchange.responseBody(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"category\":\"RUNTIME_FAILURE\"").containsPattern("Internal error [0-9a-f]{16}; the node log has details under this id");
        assertThat(body).doesNotContain("DatasourceSpecJson");
    }
}
