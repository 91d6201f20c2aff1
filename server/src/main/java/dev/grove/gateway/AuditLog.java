package dev.grove.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The audit trail: every query, every refused call and every change to security or datasources, one JSON
 * object per line in {@code audit/audit-YYYY-MM-DD.jsonl} (UTC days). A single writer thread appends what
 * callers hand it and forces it to disk at least every {@value #SYNC_MILLIS} ms, so a crash loses at most
 * that much of the trail and no caller waits on a disk. Files older than the retention are deleted.
 *
 * <p>Thread-safe.
 */
public final class AuditLog
        implements AutoCloseable
{
    /** Keeps nothing: authentication is off. */
    public static final AuditLog DISABLED = new AuditLog();

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SYNC_MILLIS = 100;
    private static final int QUEUE = 65_536;
    private static final String PREFIX = "audit-";
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private final int retentionDays;
    private final BlockingQueue<byte[]> pending;
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private FileChannel file;
    private LocalDate fileDay;

    private AuditLog()
    {
        this.directory = null;
        this.retentionDays = 0;
        this.pending = null;
        this.writer = null;
    }

    private AuditLog(Path directory, int retentionDays)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.retentionDays = retentionDays;
        this.pending = new ArrayBlockingQueue<>(QUEUE);
        this.writer = new Thread(this::run, "grove-audit");
        writer.setDaemon(true);
    }

    public static AuditLog open(Path directory, int retentionDays)
    {
        try {
            Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the audit directory " + directory + ": " + e.getMessage(), e);
        }
        AuditLog audit = new AuditLog(directory, retentionDays);
        audit.deleteExpired(LocalDate.now(ZoneOffset.UTC));
        audit.writer.start();
        return audit;
    }

    public boolean enabled()
    {
        return directory != null;
    }

    /** Appends one event (its {@code time} is added); never blocks for long: a full queue drops it and counts it. */
    public void record(String kind, Map<String, Object> fields)
    {
        if (!enabled() || closed) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("time", Instant.now().toString());
        event.put("kind", kind);
        event.putAll(fields);
        byte[] line;
        try {
            line = (JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an audit event as JSON", e);
        }
        try {
            if (!pending.offer(line, 1, TimeUnit.SECONDS)) {
                long count = dropped.incrementAndGet();
                log.error("The audit trail cannot keep up: {} events dropped so far", count);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The newest {@code limit} events, newest first, from today's and earlier files. */
    public List<JsonNode> newest(int limit)
    {
        if (!enabled()) {
            return List.of();
        }
        List<JsonNode> events = new ArrayList<>();
        List<Path> files = files();
        for (int i = files.size() - 1; i >= 0 && events.size() < limit; i--) {
            Deque<String> lines = new ArrayDeque<>();
            try (BufferedReader reader = Files.newBufferedReader(files.get(i), StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.push(line);
                    if (lines.size() > limit) {
                        lines.removeLast();
                    }
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot read the audit file " + files.get(i) + ": " + e.getMessage(), e);
            }
            for (String line : lines) {
                if (events.size() >= limit) {
                    break;
                }
                try {
                    events.add(JSON.readTree(line));
                }
                catch (JsonProcessingException e) {
                    // a line torn by a crash: the rest of the trail is still good
                }
            }
        }
        return events;
    }

    private void run()
    {
        List<byte[]> batch = new ArrayList<>();
        while (!closed || !pending.isEmpty()) {
            try {
                byte[] first = pending.poll(SYNC_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch);
                write(batch);
            }
            catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
            catch (IOException | RuntimeException e) {
                log.error("Writing the audit trail failed; {} events lost", batch.size(), e);
            }
            finally {
                batch.clear();
            }
        }
    }

    private void write(List<byte[]> lines)
            throws IOException
    {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (file == null || !today.equals(fileDay)) {
            if (file != null) {
                file.close();
            }
            file = FileChannel.open(directory.resolve(PREFIX + today + SUFFIX), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            fileDay = today;
            deleteExpired(today);
        }
        for (byte[] line : lines) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
        }
        file.force(false);
    }

    private void deleteExpired(LocalDate today)
    {
        LocalDate oldestKept = today.minusDays(retentionDays);
        for (Path path : files()) {
            String name = path.getFileName().toString();
            try {
                if (LocalDate.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length())).isBefore(oldestKept)) {
                    Files.deleteIfExists(path);
                }
            }
            catch (RuntimeException | IOException e) {
                log.warn("Cannot apply audit retention to {}: {}", path, e.getMessage());
            }
        }
    }

    private List<Path> files()
    {
        try (Stream<Path> paths = Files.list(directory)) {
            return paths.filter(path -> {
                String name = path.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && name.length() == PREFIX.length() + 10 + SUFFIX.length();
            }).sorted().toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot list the audit directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Writes and forces what is queued, then stops the writer. */
    @Override
    public void close()
    {
        if (!enabled() || closed) {
            return;
        }
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (file != null) {
                file.close();
            }
        }
        catch (IOException e) {
            log.warn("Closing the audit file failed", e);
        }
    }
}
