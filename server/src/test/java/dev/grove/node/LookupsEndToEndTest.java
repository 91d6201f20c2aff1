package dev.grove.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grove.config.GroveConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Druid's lookup config API on a real node: the shapes Druid documents, lookups in SQL
 * ({@code LOOKUP()} and {@code lookup.<name>}), bad input answered with Druid's error JSON, and
 * lookups kept in the metadata store across a restart.
 */
@Timeout(120)
class LookupsEndToEndTest
{
    private static final String CONFIG = "/druid/coordinator/v1/lookups/config";
    private static final String COUNTRIES = """
            {"__default": {"countries": {"version": "v1", "lookupExtractorFactory": {"type": "map", "map": {"us": "United States", "fr": "France"}}}}}""";

    @TempDir
    Path dataDir;

    @Test
    void lookupsAreConfiguredQueriedAndKeptAcrossARestart()
            throws IOException, InterruptedException
    {
        GroveConfig config = GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0);
        try (GroveNode node = GroveNode.start(config); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            clients.create(NodeClients.events("orders"));
            clients.produce("orders", List.of(
                    "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"customerName\":\"us\",\"status\":\"OK\",\"quantity\":1,\"amount\":1.0}",
                    "{\"timestamp\":\"2026-01-01T00:00:01Z\",\"customerName\":\"xx\",\"status\":\"OK\",\"quantity\":2,\"amount\":2.0}"));
            assertThat(clients.get(CONFIG).body()).isEqualTo("[]");
            HttpResponse<String> posted = clients.post(CONFIG, "application/json", COUNTRIES);
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            // the same spec again changes nothing; another spec under the same version is refused
            assertThat(clients.post(CONFIG, "application/json", COUNTRIES).statusCode()).isEqualTo(202);
            HttpResponse<String> sameVersion = clients.post(CONFIG, "application/json", COUNTRIES.replace("France", "Frankreich"));
            assertThat(sameVersion.statusCode()).isEqualTo(400);
            assertThat(error(sameVersion).get("errorMessage").asText()).contains("an update needs a greater version");

            assertThat(clients.get(CONFIG).body()).isEqualTo("[\"__default\"]");
            assertThat(clients.get(CONFIG + "/__default").body()).isEqualTo("[\"countries\"]");
            JsonNode spec = NodeClients.JSON.readTree(clients.get(CONFIG + "/__default/countries").body());
            assertThat(spec.get("version").asText()).isEqualTo("v1");
            assertThat(spec.at("/lookupExtractorFactory/type").asText()).isEqualTo("map");
            assertThat(spec.at("/lookupExtractorFactory/map/fr").asText()).isEqualTo("France");
            assertThat(NodeClients.JSON.readTree(clients.get(CONFIG + "/all").body()).at("/__default/countries/version").asText()).isEqualTo("v1");

            assertThat(rows(clients, "SELECT customerName, LOOKUP(customerName, 'countries'), LOOKUP(customerName, 'countries', 'unknown') FROM orders ORDER BY 1"))
                    .isEqualTo("[[\"us\",\"United States\",\"United States\"],[\"xx\",null,\"unknown\"]]");
            assertThat(rows(clients, "SELECT l.v, COUNT(*) FROM orders o JOIN lookup.countries l ON o.customerName = l.k GROUP BY 1"))
                    .isEqualTo("[[\"United States\",1]]");
            assertThat(rows(clients, "SELECT k, v FROM lookup.countries ORDER BY k")).isEqualTo("[[\"fr\",\"France\"],[\"us\",\"United States\"]]");

            HttpResponse<String> updated = clients.post(CONFIG + "/__default/countries", "application/json",
                    "{\"version\": \"v2\", \"lookupExtractorFactory\": {\"type\": \"map\", \"map\": {\"us\": \"USA\"}}}");
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(202);
            assertThat(rows(clients, "SELECT LOOKUP('us', 'countries'), LOOKUP('fr', 'countries')")).isEqualTo("[[\"USA\",null]]");
        }
        try (GroveNode node = GroveNode.start(config); NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            assertThat(rows(clients, "SELECT LOOKUP('us', 'countries')")).isEqualTo("[[\"USA\"]]");
            assertThat(clients.delete(CONFIG + "/__default/countries").statusCode()).isEqualTo(202);
            HttpResponse<String> gone = sql(clients, "SELECT LOOKUP('us', 'countries')");
            assertThat(gone.statusCode()).isEqualTo(400);
            assertThat(error(gone).get("errorMessage").asText()).contains("Lookup [countries] not found");
            assertThat(clients.get(CONFIG + "/__default/countries").statusCode()).isEqualTo(404);
            assertThat(sql(clients, "SELECT * FROM lookup.countries").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void badLookupRequestsAreRefusedWithDruidErrors()
            throws IOException, InterruptedException
    {
        try (GroveNode node = GroveNode.start(GroveConfig.defaults().withDataDir(dataDir).withPorts(0, 0));
                NodeClients clients = new NodeClients(node.grpcPort(), node.httpPort())) {
            Map<String, String> bad = Map.of(
                    "{not json", "not valid JSON",
                    "[]", "must be a JSON object",
                    "{\"__default\": {\"x\": {\"lookupExtractorFactory\": {\"type\": \"map\", \"map\": {}}}}}", "non-empty string 'version'",
                    "{\"__default\": {\"x\": {\"version\": \"v1\", \"lookupExtractorFactory\": {\"type\": \"jdbc\"}}}}", "lookup type 'jdbc' is not supported yet",
                    "{\"__default\": {\"x\": {\"version\": \"v1\", \"lookupExtractorFactory\": {\"type\": \"map\", \"map\": {\"a\": {\"b\": 1}}}}}}", "must be a string",
                    "{\"__default\": {\"x\": {\"version\": \"v1\", \"lookupExtractorFactory\": {\"type\": \"map\"}}}}", "needs an object 'map'",
                    "{\"__default\": []}", "must map lookup names to lookup specs");
            for (Map.Entry<String, String> request : bad.entrySet()) {
                HttpResponse<String> response = clients.post(CONFIG, "application/json", request.getKey());
                assertThat(response.statusCode()).as(request.getKey()).isEqualTo(400);
                JsonNode error = error(response);
                assertThat(error.get("error").asText()).isEqualTo("druidException");
                assertThat(error.get("errorMessage").asText()).as(request.getKey()).contains(request.getValue());
            }
            // nothing of a refused request was kept
            assertThat(clients.get(CONFIG).body()).isEqualTo("[]");
            assertThat(clients.get(CONFIG + "/nosuchtier").statusCode()).isEqualTo(404);
            assertThat(clients.get(CONFIG + "/__default/nosuch").statusCode()).isEqualTo(404);
            assertThat(clients.delete(CONFIG + "/__default/nosuch").statusCode()).isEqualTo(404);
            assertThat(clients.get(CONFIG + "/a/b/c").statusCode()).isEqualTo(404);
            HttpResponse<String> unknown = sql(clients, "SELECT LOOKUP('a', 'nosuch')");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(error(unknown).get("errorMessage").asText()).contains("Lookup [nosuch] not found");
        }
    }

    private static HttpResponse<String> sql(NodeClients clients, String sql)
            throws IOException
    {
        return clients.postSql(NodeClients.JSON.writeValueAsString(Map.of("query", sql, "resultFormat", "array")));
    }

    private static String rows(NodeClients clients, String sql)
            throws IOException
    {
        HttpResponse<String> response = sql(clients, sql);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().trim();
    }

    private static JsonNode error(HttpResponse<String> response)
            throws IOException
    {
        return NodeClients.JSON.readTree(response.body());
    }
}
