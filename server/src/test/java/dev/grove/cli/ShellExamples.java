package dev.grove.cli;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commands of a Markdown page's fenced {@code sh} blocks, split into words as a POSIX shell would
 * (quotes, backslashes, line continuations, comments), and curl's arguments as an HTTP request.
 */
final class ShellExamples
{
    private static final Pattern SH_BLOCK = Pattern.compile("(?ms)^```(?:sh|bash|shell)\\s*\\n(.*?)^```");
    private static final Pattern AUTHORITY = Pattern.compile("^(?:http://)?[^/]+(/.*)?$");

    private ShellExamples() {}

    static List<List<String>> commands(String markdown)
    {
        List<List<String>> commands = new ArrayList<>();
        Matcher block = SH_BLOCK.matcher(markdown);
        while (block.find()) {
            String joined = block.group(1).replace("\\\n", " ");
            for (String line : joined.split("\n")) {
                List<String> words = words(line);
                if (!words.isEmpty()) {
                    commands.add(words);
                }
            }
        }
        return commands;
    }

    static List<String> words(String line)
    {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (c == '#' && word == null) {
                break;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                word.append(line, i + 1, end);
                i = end;
            }
            else if (c == '"') {
                for (i++; line.charAt(i) != '"'; i++) {
                    if (line.charAt(i) == '\\' && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    word.append(line.charAt(i));
                }
            }
            else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            }
            else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** curl's {@code -d}, {@code -H}, {@code -X} and URL as a request to {@code 127.0.0.1:httpPort}, whatever host and port the example names. */
    static HttpRequest curlRequest(List<String> command, int httpPort)
    {
        String method = null;
        String body = null;
        String url = null;
        List<String> headers = new ArrayList<>();
        for (int i = 1; i < command.size(); i++) {
            String argument = command.get(i);
            switch (argument) {
                case "-d", "--data", "--data-raw", "--data-binary" -> body = command.get(++i);
                case "-H", "--header" -> headers.add(command.get(++i));
                case "-X", "--request" -> method = command.get(++i);
                case "-s", "--silent", "-S", "--show-error", "-f", "--fail", "-i" -> { }
                default -> {
                    if (argument.startsWith("-")) {
                        throw new IllegalArgumentException("curl option " + argument + " is not understood by the docs test");
                    }
                    url = argument;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("curl without a URL: " + command);
        }
        Matcher authority = AUTHORITY.matcher(url);
        if (!authority.matches()) {
            throw new IllegalArgumentException("Cannot read the URL " + url);
        }
        String path = authority.group(1) == null ? "/" : authority.group(1);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
        for (String header : headers) {
            int colon = header.indexOf(':');
            request.header(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        if (body != null) {
            request.method(method == null ? "POST" : method, HttpRequest.BodyPublishers.ofString(body));
        }
        else {
            request.method(method == null ? "GET" : method, HttpRequest.BodyPublishers.noBody());
        }
        return request.build();
    }
}
