package dev.grove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code grove policy}: row filters and column masks per role and datasource, over the node's HTTP API.
 * The administrator's credentials come from {@code --admin-user} (or {@code GROVE_USER}) with the password
 * in {@code GROVE_PASSWORD}; {@code --user} of {@code policy test} is the user whose view is shown.
 */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Row filters and column masks per role and datasource.",
        subcommands = {PolicyCommand.ListCommand.class, PolicyCommand.SetCommand.class, PolicyCommand.DeleteCommand.class, PolicyCommand.TestCommand.class})
final class PolicyCommand
{
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List policies.")
    static final class ListCommand
            implements Callable<Integer>
    {
        @Mixin
        NodeAddress node;

        @Mixin
        AdminCredentials admin;

        @Option(names = "--role", description = "Only this role's policies.")
        String role;

        @Override
        public Integer call()
        {
            return NodeHttp.printingFailures(() -> {
                JsonNode policies = admin.http(node).send("GET", "/grove/v1/policies" + (role == null ? "" : "?role=" + URLEncoder.encode(role, StandardCharsets.UTF_8)), null);
                List<List<String>> rows = new ArrayList<>();
                for (JsonNode policy : policies) {
                    rows.add(List.of(policy.get("role").asText(), policy.get("datasource").asText(), policy.path("rowFilter").isNull() ? "" : policy.path("rowFilter").asText(),
                            policy.get("columnMasks").toString()));
                }
                TablePrinter.print(System.out, List.of("role", "datasource", "rowFilter", "columnMasks"), List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR"), rows);
            });
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a role's row filter and column masks on a datasource.")
    static final class SetCommand
            implements Callable<Integer>
    {
        @Mixin
        NodeAddress node;

        @Mixin
        AdminCredentials admin;

        @Parameters(index = "0", description = "Role.")
        String role;

        @Parameters(index = "1", description = "Datasource.")
        String datasource;

        @Option(names = "--row-filter", description = "A Druid SQL condition; :user is the caller's name, :claims.NAME a token claim.")
        String rowFilter;

        @Option(names = "--masks", description = "Column masks as JSON, e.g. {\"email\":{\"type\":\"lastN\",\"keep\":4}}.")
        String masks;

        @Override
        public Integer call()
        {
            return NodeHttp.printingFailures(() -> {
                ObjectNode body = NodeHttp.JSON.createObjectNode();
                body.put("rowFilter", rowFilter);
                if (masks != null) {
                    try {
                        body.set("columnMasks", NodeHttp.JSON.readTree(masks));
                    }
                    catch (java.io.IOException e) {
                        throw new NodeHttp.CallFailed("--masks is not valid JSON: " + e.getMessage());
                    }
                }
                admin.http(node).send("PUT", path(role, datasource), body);
                System.out.println("Policy of role " + role + " on " + datasource + " set");
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a role's policy on a datasource.")
    static final class DeleteCommand
            implements Callable<Integer>
    {
        @Mixin
        NodeAddress node;

        @Mixin
        AdminCredentials admin;

        @Parameters(index = "0", description = "Role.")
        String role;

        @Parameters(index = "1", description = "Datasource.")
        String datasource;

        @Override
        public Integer call()
        {
            return NodeHttp.printingFailures(() -> {
                admin.http(node).send("DELETE", path(role, datasource), null);
                System.out.println("Policy of role " + role + " on " + datasource + " removed");
            });
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = "Show the SQL the engine would run for a user, with its policies applied.")
    static final class TestCommand
            implements Callable<Integer>
    {
        @Mixin
        NodeAddress node;

        @Mixin
        AdminCredentials admin;

        @Option(names = "--user", required = true, description = "The user whose view to show.")
        String user;

        @Parameters(index = "0", description = "The SQL.")
        String sql;

        @Override
        public Integer call()
        {
            return NodeHttp.printingFailures(() -> {
                ObjectNode body = NodeHttp.JSON.createObjectNode().put("user", user).put("query", sql);
                System.out.println(admin.http(node).send("POST", "/grove/v1/policies/test", body).get("engineSql").asText());
            });
        }
    }

    private static String path(String role, String datasource)
    {
        return "/grove/v1/policies/" + URLEncoder.encode(role, StandardCharsets.UTF_8).replace("+", "%20") + "/"
                + URLEncoder.encode(datasource, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
