package io.moniflux.delivery.elasticsearch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.http.HttpChannel;
import io.moniflux.delivery.http.HttpDestinations;
import io.moniflux.delivery.http.HttpReply;
import io.moniflux.delivery.http.HttpTransport;
import io.moniflux.delivery.json.GoJsonEncoder;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.delivery.wire.JsonFactories;
import io.moniflux.delivery.wire.Timestamps;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.LogEvent;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;
import io.moniflux.telemetry.SpanEvent;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Elasticsearch's bulk API: {@code POST /_bulk} with NDJSON {@code create} actions into an index or data
 * stream ({@code logs-moniflux-default} and {@code traces-moniflux-default} unless the destination names
 * one). Documents follow ECS field names. A bulk answer is 200 even when items fail: each item with an
 * error status counts as failed.
 */
@Component
class ElasticsearchProtocol implements Protocol<ElasticsearchDestination> {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson");
    private static final JsonFactory JSON = JsonFactories.ENCODING;

    private final AddressPolicy policy;

    ElasticsearchProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return ElasticsearchDestination.TYPE;
    }

    @Override
    public Class<ElasticsearchDestination> destinationType() {
        return ElasticsearchDestination.class;
    }

    @Override
    public int defaultPort() {
        return ElasticsearchDestination.DEFAULT_PORT;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.TRACES);
    }

    @Override
    public List<DestinationProblem> check(ElasticsearchDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>(HttpDestinations.check(destination, defaultPort()));
        String index = destination.index();
        if (index != null && (!index.matches("[a-z0-9][a-z0-9._+-]{0,254}") || index.equals(".") || index.equals(".."))) {
            problems.add(new DestinationProblem("destination.index",
                    "index must be lower case letters, digits, '.', '_', '+' or '-', as Elasticsearch requires"));
        }
        return problems;
    }

    @Override
    public Channel open(ElasticsearchDestination destination, Signal signal, ChannelSettings settings) {
        String index = destination.indexOf(signal);
        String action = "{\"create\":{\"_index\":\"" + index + "\"}}\n";
        List<Header> headers = destination.apiKeyValue() == null ? List.of()
                : List.of(HttpTransport.header("Authorization", "ApiKey " + destination.apiKeyValue()));
        return new HttpChannel(HttpTransport.open(endpoint(destination), destination, policy, settings), "/_bulk", NDJSON,
                destination, headers) {
            @Override
            protected ByteSink encode(Batch<?> batch, int estimatedBytes) {
                return bulk(batch, action, estimatedBytes);
            }

            @Override
            protected boolean readsAnswer() {
                return true;
            }

            @Override
            protected DeliveryResult interpret(Batch<?> batch, HttpReply reply, long bytes) {
                if (!reply.success()) {
                    return super.interpret(batch, reply, bytes);
                }
                int failed = Math.min(batch.size(), failedItems(reply.body()));
                return failed == 0 ? DeliveryResult.accepted(batch.size(), reply.status(), bytes)
                        : new DeliveryResult(batch.size() - failed, failed, reply.status(), "bulk-item-errors", bytes);
            }
        };
    }

    static ByteSink bulk(Batch<?> batch, String action, int estimatedBytes) {
        ByteSink sink = new ByteSink(batch.size() * (estimatedBytes + action.length()));
        byte[] actionLine = action.getBytes(StandardCharsets.UTF_8);
        for (Object event : batch.events()) {
            sink.write(actionLine, 0, actionLine.length);
            try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), sink)) {
                switch (event) {
                    case LogEvent log -> log(json, log, batch.marker());
                    case SpanEvent span -> span(json, span, batch.marker());
                    default -> throw new IllegalArgumentException("elasticsearch takes logs and traces");
                }
            }
            sink.write('\n');
        }
        return sink;
    }

    private static void log(JsonGenerator json, LogEvent log, RunMarker marker) {
        json.writeStartObject();
        json.writeStringProperty("@timestamp", Timestamps.iso(log.epochNanos()));
        json.writeStringProperty("message", log.message());
        json.writeName("log");
        json.writeStartObject();
        json.writeStringProperty("level", log.level());
        json.writeEndObject();
        json.writeName("service");
        json.writeStartObject();
        json.writeStringProperty("name", log.service());
        json.writeEndObject();
        json.writeName("host");
        json.writeStartObject();
        json.writeStringProperty("name", log.host());
        json.writeEndObject();
        json.writeName("labels");
        json.writeRawValue(log.attributes().rendered(GoJsonEncoder.class, GoJsonEncoder::objectOf));
        marker(json, marker, log.seq());
        json.writeEndObject();
    }

    private static void span(JsonGenerator json, SpanEvent span, RunMarker marker) {
        json.writeStartObject();
        json.writeStringProperty("@timestamp", Timestamps.iso(span.startEpochNanos()));
        json.writeName("trace");
        json.writeStartObject();
        json.writeStringProperty("id", span.traceId());
        json.writeEndObject();
        json.writeName("span");
        json.writeStartObject();
        json.writeStringProperty("id", span.spanId());
        json.writeStringProperty("name", span.operation());
        json.writeStringProperty("kind", span.kind().name().toLowerCase(Locale.ROOT));
        json.writeNumberProperty("duration_us", span.durationNanos() / 1000);
        json.writeEndObject();
        if (span.parentSpanId() != null) {
            json.writeName("parent");
            json.writeStartObject();
            json.writeStringProperty("id", span.parentSpanId());
            json.writeEndObject();
        }
        json.writeName("service");
        json.writeStartObject();
        json.writeStringProperty("name", span.service());
        json.writeEndObject();
        json.writeName("event");
        json.writeStartObject();
        json.writeStringProperty("outcome", span.error() ? "failure" : "success");
        json.writeEndObject();
        json.writeName("labels");
        json.writeRawValue(span.attributes().rendered(GoJsonEncoder.class, GoJsonEncoder::objectOf));
        marker(json, marker, span.seq());
        json.writeEndObject();
    }

    private static void marker(JsonGenerator json, RunMarker marker, long seq) {
        json.writeName("moniflux");
        json.writeStartObject();
        json.writeStringProperty("test_id", marker.testID());
        json.writeStringProperty("run_id", marker.runID());
        json.writeNumberProperty("part", marker.part());
        json.writeNumberProperty("seq", seq);
        json.writeEndObject();
    }

    /** Items of a bulk answer whose status is not 2xx; 0 when the answer says there were no errors. */
    static int failedItems(byte[] answer) {
        if (answer.length == 0) {
            return 0;
        }
        int failed = 0;
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), answer)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            int depth = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                } else if (token == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    if (depth == 0 && "errors".equals(name)) {
                        if (parser.nextToken() == JsonToken.VALUE_FALSE) {
                            return 0;
                        }
                    } else if (depth == 3 && "status".equals(name)) {
                        parser.nextToken();
                        int status = parser.getIntValue();
                        if (status < 200 || status >= 300) {
                            failed++;
                        }
                    }
                }
            }
        }
        return failed;
    }
}
