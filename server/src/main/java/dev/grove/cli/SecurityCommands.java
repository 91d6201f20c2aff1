package dev.grove.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code grove user ...} and {@code grove role ...}: users, passwords, roles and Druid-style permissions,
 * over the node's basic-security API (the same calls as Druid's), as an administrator.
 */
final class SecurityCommands
{
    private static final String AUTHENTICATION = "/druid-ext/basic-security/authentication/db/basic";
    private static final String AUTHORIZATION = "/druid-ext/basic-security/authorization/db/basic";
    static final String NEW_PASSWORD_VARIABLE = "GROVE_NEW_PASSWORD";

    private SecurityCommands() {}

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Users: create, delete, list, set passwords, assign roles.",
            subcommands = {UserCreate.class, UserDelete.class, UserList.class, UserPassword.class, UserGrant.class, UserRevoke.class})
    static final class UserCommand {}

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Roles and their permissions.",
            subcommands = {RoleCreate.class, RoleDelete.class, RoleList.class, RolePermissions.class})
    static final class RoleCommand {}

    /** A call to the node as the administrator, with the node's one-line errors. */
    abstract static class AdminCall
            implements Callable<Integer>
    {
        @Mixin
        NodeAddress node;

        @Mixin
        AdminCredentials admin;

        @Override
        public Integer call()
        {
            return NodeHttp.printingFailures(() -> run(admin.http(node)));
        }

        abstract void run(NodeHttp http)
                throws NodeHttp.CallFailed;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a user with a password (from " + NEW_PASSWORD_VARIABLE + ", or asked for twice).")
    static final class UserCreate
            extends AdminCall
    {
        @Parameters(index = "0", description = "User name.")
        String name;

        @Override
        void run(NodeHttp http)
                throws NodeHttp.CallFailed
        {
            String password = newPassword(name);
            http.send("POST", AUTHENTICATION + "/users/" + encode(name), null);
            http.send("POST", AUTHENTICATION + "/users/" + encode(name) + "/credentials", NodeHttp.JSON.createObjectNode().put("password", password));
            System.out.println("User " + name + " created");
        }
    }

    @Command(name = "password", mixinStandardHelpOptions = true, description = "Set a user's password (from " + NEW_PASSWORD_VARIABLE + ", or asked for twice).")
    static final class UserPassword
            extends AdminCall
    {
        @Parameters(index = "0", description = "User name.")
        String name;

        @Override
        void run(NodeHttp http)
                throws NodeHttp.CallFailed
        {
            http.send("POST", AUTHENTICATION + "/users/" + encode(name) + "/credentials", NodeHttp.JSON.createObjectNode().put("password", newPassword(name)));
            System.out.println("Password of " + name + " set");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user (with its role assignments and API keys).")
    static final class UserDelete
            extends AdminCall
    {
        @Parameters(index = "0", description = "User name.")
        String name;

        @Override
        void run(NodeHttp http)
                throws NodeHttp.CallFailed
        {
            http.send("DELETE", AUTHENTICATION + "/users/" + encode(name), null);
            System.out.println("User " + name + " deleted");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and their roles.")
    static final class UserList
            extends AdminCall
    {
        @Override
        void run(NodeHttp http)
                throws NodeHttp.CallFailed
        {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode user : http.send("GET", AUTHORIZATION + "/users", null)) {
                JsonNode roles = http.send("GET", AUTHORIZATION + "/users/" + encode(user.asText()), null).get("roles");
                List<String> names = new ArrayList<>();
                roles.forEach(role -> names.add(role.asText()));
                rows.add(List.of(user.asText(), String.join(", ", names)));
            }
            TablePrinter.print(System.out, List.of("user", "roles"), List.of("VARCHAR", "VARCHAR"), rows);
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Assign a role to a user.")
    static final class UserGrant
            extends AdminCall
    {
        @Parameters(index = "0", description = "User name.")
        String name;

        @Parameters(index = "1", description = "Role.")
        String role;

        @Override
        void run(NodeHttp http)
                throws NodeHttp.CallFailed
        {
            http.send("POST", AUTHORIZATION + "/users/" + encode(name) + "/roles/" + encode(role), null);
            System.out.println("Role " + role + " assigned to " + name);
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Take a role from a user.")
    static final class UserRevoke
            extends AdminCall
    {
        @Parameters(index = "0", description = "User name.")
        String name;

        @Parameters(index = "1", description = "Role.")
        String role;

        @Override
        void run(NodeHttp http)
                throws NodeHttp.CallFailed
        {
            http.send("DELETE", AUTHORIZATION + "/users/" + encode(name) + "/roles/" + encode(role), null);
            System.out.println("Role " + role + " taken from " + name);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a role.")
    static final class RoleCreate
            extends AdminCall
    {
        @Parameters(index = "0", description = "Role name.")
        String name;

        @Override
        void run(NodeHttp http)
                throws NodeHttp.CallFailed
        {
            http.send("POST", AUTHORIZATION + "/roles/" + encode(name), null);
            System.out.println("Role " + name + " created");
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a role (and its policies).")
    static final class RoleDelete
            extends AdminCall
    {
        @Parameters(index = "0", description = "Role name.")
        String name;

        @Override
        void run(NodeHttp http)
                throws NodeHttp.CallFailed
        {
            http.send("DELETE", AUTHORIZATION + "/roles/" + encode(name), null);
            System.out.println("Role " + name + " deleted");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List roles and their permissions.")
    static final class RoleList
            extends AdminCall
    {
        @Override
        void run(NodeHttp http)
                throws NodeHttp.CallFailed
        {
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode role : http.send("GET", AUTHORIZATION + "/roles", null)) {
                List<String> permissions = new ArrayList<>();
                for (JsonNode permission : http.send("GET", AUTHORIZATION + "/roles/" + encode(role.asText()) + "/permissions", null)) {
                    permissions.add(permission.path("resource").path("type").asText() + ":" + permission.path("resource").path("name").asText() + ":"
                            + permission.path("action").asText());
                }
                rows.add(List.of(role.asText(), String.join(", ", permissions)));
            }
            TablePrinter.print(System.out, List.of("role", "permissions"), List.of("VARCHAR", "VARCHAR"), rows);
        }
    }

    @Command(name = "permissions", mixinStandardHelpOptions = true, description = "Replace a role's permissions.")
    static final class RolePermissions
            extends AdminCall
    {
        @Parameters(index = "0", description = "Role name.")
        String name;

        @Option(names = "--grant", description = "TYPE:NAME_REGEX:ACTION, e.g. DATASOURCE:orders.*:READ (repeatable; none clears the role).")
        List<String> grants = new ArrayList<>();

        @Override
        void run(NodeHttp http)
                throws NodeHttp.CallFailed
        {
            ArrayNode permissions = NodeHttp.JSON.createArrayNode();
            for (String grant : grants) {
                int first = grant.indexOf(':');
                int last = grant.lastIndexOf(':');
                if (first < 0 || last == first) {
                    throw new IllegalArgumentException("--grant " + grant + ": expected TYPE:NAME_REGEX:ACTION, e.g. DATASOURCE:orders:READ");
                }
                permissions.addObject().put("action", grant.substring(last + 1).toUpperCase(Locale.ROOT))
                        .putObject("resource").put("type", grant.substring(0, first).toUpperCase(Locale.ROOT)).put("name", grant.substring(first + 1, last));
            }
            http.send("POST", AUTHORIZATION + "/roles/" + encode(name) + "/permissions", permissions);
            System.out.println("Role " + name + " has " + permissions.size() + " permission" + (permissions.size() == 1 ? "" : "s"));
        }
    }

    private static String newPassword(String user)
    {
        String password = System.getenv(NEW_PASSWORD_VARIABLE);
        if (password != null) {
            return password;
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("Set " + NEW_PASSWORD_VARIABLE + " to the new password of " + user + " (no terminal to ask on)");
        }
        char[] first = console.readPassword("New password for %s: ", user);
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null || !new String(first).equals(new String(second))) {
            throw new IllegalArgumentException("The two passwords differ");
        }
        return new String(first);
    }

    private static String encode(String segment)
    {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
