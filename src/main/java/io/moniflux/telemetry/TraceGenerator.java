package io.moniflux.telemetry;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    private final ArrayDeque<SpanEvent> pending = new ArrayDeque<>();
    private final Map<Map<String, String>, Attributes> interned = new HashMap<>();
    private final SplittableRandom random;
    private final Map<String, String> extra;
    private final String[] instances;

    public TraceGenerator(PayloadOptions options, RunMarker marker) {
        this.random = Vocabulary.random(options, marker, Signal.TRACES);
        this.extra = options.attributes();
        this.instances = new String[Math.max(1, options.cardinality())];
        for (int i = 0; i < instances.length; i++) {
            instances[i] = "node-" + i + "-" + Vocabulary.token(random, 4);
        }
    }

    @Override
    public SpanEvent next(long seq, long epochNanos) {
        if (pending.isEmpty()) {
            Call shape = SHAPES[random.nextInt(SHAPES.length)];
            long duration = (long) (Math.exp(random.nextDouble() * 3 + 1.5) * 1_000_000L); // ~4.5 ms to 90 ms
            plan(shape, Vocabulary.hexId(random, 16), null, epochNanos - duration, duration);
        }
        SpanEvent span = pending.poll();
        return new SpanEvent(span.traceId(), span.spanId(), span.parentSpanId(), span.service(), span.operation(),
                span.kind(), span.startEpochNanos(), span.endEpochNanos(), span.error(), span.attributes(), seq);
    }

    /** Spans share a few attribute sets: interning them lets encoders render each once. */
    private Attributes attributesOf(Map<String, String> attributes) {
        return interned.computeIfAbsent(attributes, Attributes::new);
    }

    private void plan(Call call, String traceId, String parentId, long start, long duration) {
        String spanId = Vocabulary.hexId(random, 8);
        boolean error = random.nextInt(100) == 0;
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
                start + duration, error, attributesOf(attributes), 0));
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
