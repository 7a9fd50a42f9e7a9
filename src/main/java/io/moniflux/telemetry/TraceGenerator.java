package io.moniflux.telemetry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.moniflux.telemetry.SpanEvent.SpanKind;

/**
 * Spans of realistic traces: a server span at the edge, client and server spans of the services it
 * calls, and database calls below them, with nested timings and real W3C ids. A trace is built
 * whole and handed out span by span, root first, so the span rate is exact while traces vary in
 * size.
 */
public final class TraceGenerator implements Generator<SpanEvent> {

    private record Call(String service, String operation, SpanKind kind, Call... children) {
    }

    private static final Call[] SHAPES = {
            new Call("frontend", "GET /checkout", SpanKind.SERVER,
                    new Call("cart", "GetCart", SpanKind.SERVER, new Call("cart", "redis GET", SpanKind.CLIENT)),
                    new Call("payment", "Charge", SpanKind.SERVER, new Call("payment", "INSERT payments", SpanKind.CLIENT)),
                    new Call("shipping", "Quote", SpanKind.SERVER)),
            new Call("frontend", "GET /products", SpanKind.SERVER,
                    new Call("catalog", "ListProducts", SpanKind.SERVER, new Call("catalog", "SELECT products", SpanKind.CLIENT)),
                    new Call("pricing", "GetPrices", SpanKind.SERVER)),
            new Call("frontend", "GET /search", SpanKind.SERVER,
                    new Call("search", "Query", SpanKind.SERVER, new Call("search", "elasticsearch _search", SpanKind.CLIENT))),
            new Call("auth", "POST /login", SpanKind.SERVER, new Call("auth", "SELECT users", SpanKind.CLIENT)),
            new Call("notification", "process order-created", SpanKind.CONSUMER,
                    new Call("notification", "render email", SpanKind.INTERNAL),
                    new Call("notification", "POST smtp", SpanKind.CLIENT))};

    private static final String[] EVENT_NAMES = {"cache.miss", "retry", "message.sent", "lock.acquired", "gc.pause",
            "feature_flag.evaluated"};
    private static final String[][] EXCEPTIONS = {
            {"java.net.SocketTimeoutException", "Read timed out", "at java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)"},
            {"java.lang.IllegalStateException", "Order already paid", "at shop.orders.Order.markPaid(Order.java:88)"},
            {"java.sql.SQLTransientConnectionException", "Connection is not available, request timed out after 30000ms",
                    "at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)"},
            {"java.io.IOException", "Connection reset by peer", "at java.base/sun.nio.ch.SocketDispatcher.read0(Native Method)"}};

    private final ArrayDeque<SpanEvent> pending = new ArrayDeque<>();
    private final Map<Map<String, String>, Attributes> interned = new HashMap<>();
    private final SplittableRandom random;
    private final Map<String, String> extra;
    private final String[] instances;
    private final TraceShape shape;
    private SpanEvent.Link previousRoot;

    public TraceGenerator(PayloadOptions options, RunMarker marker) {
        this.random = Vocabulary.random(options, marker, Signal.TRACES);
        this.shape = options.traces();
        this.extra = options.attributes();
        this.instances = new String[Math.max(1, options.cardinality())];
        for (int i = 0; i < instances.length; i++) {
            instances[i] = "node-" + i + "-" + Vocabulary.token(random, 4);
        }
    }

    @Override
    public SpanEvent next(long seq, long epochNanos) {
        if (pending.isEmpty()) {
            long duration = (long) (Math.exp(random.nextDouble() * 3 + 1.5) * 1_000_000L); // ~4.5 ms to 90 ms
            String traceId = Vocabulary.hexId(random, 16);
            if (shape.generated()) {
                plan(generated(0, "frontend", "GET " + Vocabulary.pick(Vocabulary.ROUTES, random)), traceId, null,
                        epochNanos - duration, duration);
            } else {
                plan(SHAPES[random.nextInt(SHAPES.length)], traceId, null, epochNanos - duration, duration);
            }
        }
        return pending.poll().withSeq(seq);
    }

    /**
     * A call tree {@code shape.depth()} levels below the root, {@code shape.breadth()} calls under each:
     * services calling services, and the leaves calling their databases.
     */
    private Call generated(int level, String service, String operation) {
        if (level == shape.depth()) {
            return new Call(service, "SELECT " + Vocabulary.pick(Vocabulary.TABLES, random), SpanKind.CLIENT);
        }
        Call[] children = new Call[shape.breadth()];
        for (int i = 0; i < children.length; i++) {
            String callee = Vocabulary.pick(Vocabulary.SERVICES, random);
            children[i] = level + 1 == shape.depth() ? generated(level + 1, service, null)
                    : generated(level + 1, callee, Vocabulary.pick(Vocabulary.RPC_METHODS, random));
        }
        return new Call(service, operation, SpanKind.SERVER, children);
    }

    /** Events within a span: {@code shape.spanEvents()} on average, and the exception of a failed span. */
    private List<SpanEvent.Event> events(long start, long duration, String[] exception) {
        int count = (int) shape.spanEvents() + (random.nextDouble() < shape.spanEvents() % 1 ? 1 : 0);
        if (count == 0 && exception == null) {
            return List.of();
        }
        List<SpanEvent.Event> events = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            String name = Vocabulary.pick(EVENT_NAMES, random);
            events.add(new SpanEvent.Event(name, start + (long) (random.nextDouble() * duration),
                    attributesOf(Map.of("event.domain", "moniflux", "event.attempt", Integer.toString(1 + random.nextInt(3))))));
        }
        if (exception != null) {
            events.add(new SpanEvent.Event("exception", start + duration - 1, attributesOf(Map.of("exception.type", exception[0],
                    "exception.message", exception[1], "exception.stacktrace", exception[0] + ": " + exception[1] + "\n\t"
                            + exception[2] + "\n\tat java.base/java.lang.Thread.run(Thread.java:1583)"))));
        }
        return events;
    }

    /** Spans share a few attribute sets: interning them lets encoders render each once. */
    private Attributes attributesOf(Map<String, String> attributes) {
        return interned.computeIfAbsent(attributes, Attributes::new);
    }

    private void plan(Call call, String traceId, String parentId, long start, long duration) {
        String spanId = Vocabulary.hexId(random, 8);
        boolean error = random.nextDouble() < shape.errorRatio();
        String[] exception = error ? EXCEPTIONS[random.nextInt(EXCEPTIONS.length)] : null;
        List<SpanEvent.Link> links = List.of();
        if (parentId == null) {
            if (previousRoot != null && random.nextDouble() < shape.linkRatio()) {
                links = List.of(previousRoot);
            }
            previousRoot = new SpanEvent.Link(traceId, spanId);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("service.instance.id", instances[random.nextInt(instances.length)]);
        if (call.operation().startsWith("GET ") || call.operation().startsWith("POST ")) {
            attributes.put("http.request.method", call.operation().substring(0, call.operation().indexOf(' ')));
            attributes.put("http.route", call.operation().substring(call.operation().indexOf(' ') + 1));
            attributes.put("http.response.status_code", error ? "500" : "200");
        } else if (call.kind() == SpanKind.CLIENT) {
            attributes.put("db.system", call.operation().startsWith("redis") ? "redis"
                    : call.operation().startsWith("elasticsearch") ? "elasticsearch" : "postgresql");
        }
        attributes.putAll(extra);
        pending.add(new SpanEvent(traceId, spanId, parentId, call.service(), call.operation(), call.kind(), start,
                start + duration, error, attributesOf(attributes), 0, exception == null ? null : exception[1],
                events(start, duration, exception), links));
        if (call.children().length == 0) {
            return;
        }
        long slot = duration / (call.children().length + 1);
        long cursor = start + slot / 2;
        for (Call child : call.children()) {
            long childDuration = Math.max(1_000, (long) (slot * (0.5 + random.nextDouble() * 0.5)));
            plan(child, traceId, spanId, cursor, childDuration);
            cursor += slot;
        }
    }
}
