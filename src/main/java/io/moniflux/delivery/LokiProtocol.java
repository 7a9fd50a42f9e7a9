package io.moniflux.delivery;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

import io.moniflux.telemetry.Attributes;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.LogEvent;
import io.moniflux.telemetry.Signal;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Loki's push API: {@code POST /loki/api/v1/push}, JSON streams. A stream's labels are the few that
 * Loki indexes (service, level, and the run marker); each line is a JSON object with the message,
 * host, sequence number and attributes, ready for {@code | json} in LogQL.
 */
@Component
class LokiProtocol implements Protocol {

    static final String TYPE = "loki";
    private static final JsonFactory JSON = JsonFactories.ENCODING;

    private final HttpTransports transports;

    LokiProtocol(HttpTransports transports) {
        this.transports = transports;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int defaultPort() {
        return 3100;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS);
    }

    @Override
    public Set<String> options() {
        return Set.of("headers", "compression", "tls", "tenant");
    }

    @Override
    public List<DestinationProblem> check(Destination destination) {
        List<DestinationProblem> problems = new ArrayList<>(HttpChecks.endpoint(destination, 3100));
        if (destination.tenant() != null && (destination.tenant().isBlank() || destination.tenant().length() > 256
                || destination.tenant().chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            problems.add(new DestinationProblem("destination.tenant", "tenant must be 1 to 256 printable characters"));
        }
        return problems;
    }

    @Override
    public Channel open(Destination destination, Signal signal, ChannelSettings settings) {
        Endpoint endpoint = Endpoint.parse(destination.endpoint(), destination.port(), "http", 3100);
        List<Header> headers = new ArrayList<>();
        if (destination.tenant() != null) {
            headers.add(HttpTransport.header("X-Scope-OrgID", destination.tenant()));
        }
        if (destination.apiKeyValue() != null) {
            headers.add(HttpTransport.header("Authorization", "Bearer " + destination.apiKeyValue()));
        }
        String path = endpoint.basePath().endsWith("/loki/api/v1/push") ? "" : "/loki/api/v1/push";
        return new HttpChannel(transports.open(endpoint, destination, settings), path, ContentType.APPLICATION_JSON,
                destination, headers) {
            @Override
            ByteSink encode(Batch<?> batch, int estimatedBytes) {
                return push(batch, estimatedBytes);
            }
        };
    }

    private record StreamKey(Attributes attributes, String level) {
    }

    static ByteSink push(Batch<?> batch, int estimatedBytes) {
        Map<StreamKey, List<LogEvent>> streams = new LinkedHashMap<>();
        Map<Attributes, String> services = new IdentityHashMap<>();
        for (LogEvent log : batch.logs()) {
            streams.computeIfAbsent(new StreamKey(log.attributes(), log.level()), key -> new ArrayList<>()).add(log);
            services.putIfAbsent(log.attributes(), log.service());
        }
        Map<String, String> marker = Labels.marker(batch.marker());
        ByteSink sink = new ByteSink(batch.size() * estimatedBytes + 64);
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), sink)) {
            json.writeStartObject();
            json.writeName("streams");
            json.writeStartArray();
            for (Map.Entry<StreamKey, List<LogEvent>> stream : streams.entrySet()) {
                json.writeStartObject();
                json.writeName("stream");
                json.writeStartObject();
                json.writeStringProperty("service_name", services.get(stream.getKey().attributes()));
                json.writeStringProperty("level", stream.getKey().level().toLowerCase(java.util.Locale.ROOT));
                marker.forEach(json::writeStringProperty);
                json.writeEndObject();
                json.writeName("values");
                json.writeStartArray();
                for (LogEvent log : stream.getValue()) {
                    json.writeStartArray();
                    json.writeString(Long.toString(log.epochNanos()));
                    json.writeString(line(log));
                    json.writeEndArray();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return sink;
    }

    private static String line(LogEvent log) {
        java.io.StringWriter text = new java.io.StringWriter(log.message().length() + 128);
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            json.writeStartObject();
            json.writeStringProperty("message", log.message());
            json.writeStringProperty("host", log.host());
            json.writeNumberProperty("seq", log.seq());
            json.writeName("attributes");
            json.writeRawValue(log.attributes().rendered(GoJsonEncoder.class, GoJsonEncoder::objectOf));
            json.writeEndObject();
        }
        return text.toString();
    }
}
