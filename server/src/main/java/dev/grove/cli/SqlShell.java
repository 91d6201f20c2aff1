package dev.grove.cli;

import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The interactive prompt of {@code grove sql}, on JLine: line editing, history in a file, statements that
 * span lines until a {@code ;}, several statements per line, Ctrl-C to clear the line or cancel the running
 * query, Ctrl-D or {@code exit} to quit. Confined to the thread that calls {@link #run}; queries run on one
 * worker thread so that thread can wait for either the answer or Ctrl-C.
 */
final class SqlShell
{
    private static final String PROMPT = "grove> ";
    private static final String CONTINUATION_PROMPT = "  ...> ";

    private final SqlSession session;
    private final Path historyFile;
    private final PrintStream out;
    private final PrintStream err;

    SqlShell(SqlSession session, Path historyFile, PrintStream out, PrintStream err)
    {
        this.session = session;
        this.historyFile = historyFile;
        this.out = out;
        this.err = err;
    }

    /** Reads and runs until Ctrl-D or {@code exit}; returns the exit code (0: the shell itself ends normally). */
    int run(String banner)
            throws IOException
    {
        if (historyFile.getParent() != null) {
            Files.createDirectories(historyFile.getParent());
        }
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "grove-sql-query");
            thread.setDaemon(true);
            return thread;
        });
        // SIG_IGN makes JLine catch the signals itself, so Ctrl-C outside readLine reaches our handler instead of ending the JVM
        try (Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(true).signalHandler(Terminal.SignalHandler.SIG_IGN).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("grove")
                    .parser(new StatementParser())
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                    .build();
            bindCursorKeys(reader.getKeyMaps().get(LineReader.MAIN));
            out.println(banner);
            out.flush();
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                }
                catch (UserInterruptException e) {
                    continue;
                }
                catch (EndOfFileException e) {
                    break;
                }
                if (SqlSession.isCommand(line)) {
                    if (session.command(line) == SqlSession.Outcome.QUIT) {
                        break;
                    }
                    continue;
                }
                SqlStatements.Split split = SqlStatements.split(line);
                for (String statement : split.statements()) {
                    if (!runCancellable(terminal, worker, statement)) {
                        break;
                    }
                }
            }
            reader.getHistory().save();
        }
        finally {
            worker.shutdownNow();
        }
        return 0;
    }

    /**
     * JLine binds the arrow keys a terminal's terminfo names, which for xterm are the application-mode
     * sequences ({@code ESC O A}); terminals and multiplexers that stay in normal mode send {@code ESC [ A},
     * which would otherwise arrive as the text "[A".
     */
    private static void bindCursorKeys(KeyMap<Binding> keys)
    {
        keys.bind(new Reference(LineReader.UP_LINE_OR_HISTORY), "\u001b[A");
        keys.bind(new Reference(LineReader.DOWN_LINE_OR_HISTORY), "\u001b[B");
        keys.bind(new Reference(LineReader.FORWARD_CHAR), "\u001b[C");
        keys.bind(new Reference(LineReader.BACKWARD_CHAR), "\u001b[D");
        keys.bind(new Reference(LineReader.BEGINNING_OF_LINE), "\u001b[H");
        keys.bind(new Reference(LineReader.END_OF_LINE), "\u001b[F");
    }

    /** Runs one statement on the worker; Ctrl-C cancels it on the node. Returns false when cancelled. */
    private boolean runCancellable(Terminal terminal, ExecutorService worker, String statement)
    {
        String queryId = SqlSession.newQueryId();
        Future<SqlSession.Answer> answer = worker.submit(() -> session.fetch(statement, queryId));
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> answer.cancel(true));
        try {
            session.print(answer.get());
            return true;
        }
        catch (CancellationException e) {
            session.cancel(queryId);
            err.println("Query cancelled");
            err.flush();
            return false;
        }
        catch (ExecutionException e) {
            err.println("ERROR: " + (e.getCause() instanceof NodeHttp.CallFailed failed ? failed.getMessage() : String.valueOf(e.getCause())));
            err.flush();
            return true;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    /**
     * Accepts a line only once it is a shell command or ends its last statement with {@code ;}; until then
     * JLine asks for more with the continuation prompt, and the whole statement becomes one history entry.
     */
    private static final class StatementParser
            implements Parser
    {
        private final DefaultParser words = new DefaultParser().escapeChars(new char[0]);

        @Override
        public ParsedLine parse(String line, int cursor, ParseContext context)
        {
            if (context == ParseContext.ACCEPT_LINE && !SqlSession.isCommand(line) && SqlStatements.split(line).hasIncompleteStatement()) {
                throw new EOFError(-1, -1, "statement does not end with ';'");
            }
            return words.parse(line, cursor, context);
        }
    }
}
