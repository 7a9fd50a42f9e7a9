package io.moniflux.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events stream read as a client would: each event with its name, its data parsed as
 * JSON and when it arrived. Reading happens on its own thread, so a test can wait for what it needs.
 */
public final class EventStream implements AutoCloseable {

    /** One event. */
    public record Event(String name, String id, JsonNode data, long arrivedNanos) {
    }

    private static final Event CLOSED = new Event("(closed)", null, null, 0);

    private final int status;
    private final String contentType;
    private final InputStream body;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final List<Event> seen = new ArrayList<>();
    private volatile boolean closed;

    EventStream(int status, String contentType, InputStream body) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        if (status == 200) {
            Thread.ofVirtual().name("event-stream").start(this::read);
        }
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The body of a response that is not a stream (an error). */
    public String errorBody() {
        try (body) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            String id = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, id, Api.parse(data.toString()), System.nanoTime()));
                    }
                    name = "message";
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        } catch (IOException e) {
            // closed by the test, or the server went away: either way the stream is over
        } finally {
            closed = true;
            events.add(CLOSED);
        }
    }

    /** The next event, or null when none came within {@code wait} or the stream has closed. */
    public Event next(Duration wait) {
        try {
            Event event = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (event == CLOSED) {
                events.add(CLOSED);
                return null;
            }
            if (event != null) {
                seen.add(event);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The events read so far. */
    public List<Event> seen() {
        return List.copyOf(seen);
    }

    /** Every event until the stream closes or {@code atMost} has passed. */
    public List<Event> untilClosed(Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        List<Event> all = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null) {
                break;
            }
            all.add(event);
        }
        return all;
    }

    /** Whether the server closed the stream. */
    public boolean closedByServer(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!closed && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return closed;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // going away anyway
        }
    }
}
