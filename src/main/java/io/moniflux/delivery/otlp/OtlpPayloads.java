package io.moniflux.delivery.otlp;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.google.protobuf.Message;

import io.moniflux.telemetry.Batch;

/**
 * A batch as the body of an OTLP export request, for protocols that carry OTLP payloads over another
 * transport than OTLP's own (Kafka, as the Collector's kafka receiver reads it).
 */
public final class OtlpPayloads {

    private OtlpPayloads() {
    }

    /** The export request of the batch's signal. */
    public static Message request(Batch<?> batch, Map<String, String> resourceAttributes) {
        return switch (batch.signal()) {
            case LOGS -> OtlpMessages.logs(batch, resourceAttributes);
            case METRICS -> OtlpMessages.metrics(batch, resourceAttributes);
            case TRACES -> OtlpMessages.traces(batch, resourceAttributes);
        };
    }

    /** OTLP's protobuf encoding. */
    public static byte[] protobuf(Batch<?> batch, Map<String, String> resourceAttributes) {
        return request(batch, resourceAttributes).toByteArray();
    }

    /** OTLP's JSON encoding: hex ids, enums as integers. */
    public static byte[] json(Batch<?> batch, Map<String, String> resourceAttributes) {
        return OtlpJson.print(request(batch, resourceAttributes)).getBytes(StandardCharsets.UTF_8);
    }
}
