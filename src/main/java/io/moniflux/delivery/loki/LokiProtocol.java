package io.moniflux.delivery.loki;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.http.HttpChannel;
import io.moniflux.delivery.http.HttpDestinations;
import io.moniflux.delivery.http.HttpTransport;
import io.moniflux.delivery.json.GoJsonEncoder;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.delivery.wire.JsonFactories;
import io.moniflux.delivery.wire.Labels;
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
class LokiProtocol implements Protocol<LokiDestination> {

    private static final JsonFactory JSON = JsonFactories.ENCODING;

    private final AddressPolicy policy;

    LokiProtocol(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public String type() {
        return LokiDestination.TYPE;
    }

    @Override
    public Class<LokiDestination> destinationType() {
        return LokiDestination.class;
    }

    @Override
    public int defaultPort() {
        return LokiDestination.DEFAULT_PORT;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS);
    }

    @Override
    public List<DestinationProblem> check(LokiDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>(HttpDestinations.check(destination, defaultPort()));
        if (destination.tenant() != null && (destination.tenant().isBlank() || destination.tenant().length() > 256
                || destination.tenant().chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            problems.add(new DestinationProblem("destination.tenant", "tenant must be 1 to 256 printable characters"));
        }
        return problems;
    }

    @Override
    public Channel open(LokiDestination destination, Signal signal, ChannelSettings settings) {
        Endpoint endpoint = endpoint(destination);
        List<Header> headers = new ArrayList<>();
        if (destination.tenant() != null) {
            headers.add(HttpTransport.header("X-Scope-OrgID", destination.tenant()));
        }
        if (destination.apiKeyValue() != null) {
            headers.add(HttpTransport.header("Authorization", "Bearer " + destination.apiKeyValue()));
        }
        String path = endpoint.basePath().endsWith("/loki/api/v1/push") ? "" : "/loki/api/v1/push";
        return new HttpChannel(HttpTransport.open(endpoint, destination, policy, settings), path, ContentType.APPLICATION_JSON,
                destination, headers) {
            @Override
            protected ByteSink encode(Batch<?> batch, int estimatedBytes) {
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
                json.writeStringProperty("level", stream.getKey().level().toLowerCase(Locale.ROOT));
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
        StringWriter text = new StringWriter(log.message().length() + 128);
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
