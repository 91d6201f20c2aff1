package dev.grove.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One run of the CLI in this JVM, as a user runs it: the arguments, what it read on stdin, what it
 * printed and its exit code. Runs one at a time, since stdin and stdout are the process's.
 */
record CliRun(int exitCode, String out, String err)
{
    static CliRun of(List<String> arguments)
    {
        return of(arguments, "");
    }

    static CliRun of(List<String> arguments, String stdin)
    {
        synchronized (System.class) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            InputStream in = System.in;
            ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
            ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
                int exitCode = GroveCli.commandLine().execute(arguments.toArray(String[]::new));
                return new CliRun(exitCode, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
            }
            finally {
                System.setOut(out);
                System.setErr(err);
                System.setIn(in);
            }
        }
    }
}
