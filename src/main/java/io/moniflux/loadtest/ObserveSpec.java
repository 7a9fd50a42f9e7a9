package io.moniflux.loadtest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.moniflux.delivery.Secret;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A metrics endpoint of the pipeline to watch while the test runs: the OpenTelemetry Collector's
 * {@code :8888/metrics}, Prometheus' {@code /metrics}, Zipkin's {@code /prometheus}... in the Prometheus
 * text or OpenMetrics format.
 *
 * @param name     the {@code target} label of its series; the preset's name, or the URL's host:port, when absent
 * @param url      the page to scrape; the destination policy applies to it as to every destination
 * @param preset   the series worth watching on a known target: otelcol, prometheus, victoriametrics,
 *                 zipkin, loki, vector, fluentbit, process
 * @param series   series to keep besides the preset's, as Prometheus selectors: a name ({@code *} for
 *                 any characters) and optional label matchers ({@code =}, {@code !=}, {@code =~}, {@code !~})
 * @param headers  sent with every scrape; secrets, stored encrypted and shown as ****
 * @param interval seconds between scrapes, 1 by default
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(description = "A metrics endpoint of the pipeline under test, watched while the run loads it")
public record ObserveSpec(
        @Schema(example = "collector") String name,
        @Schema(example = "http://otel-collector:8888/metrics") String url,
        @Schema(example = "otelcol") String preset,
        @Schema(example = "[\"otelcol_processor_batch_batch_send_size_count\"]") List<String> series,
        @Schema(type = "object", additionalPropertiesSchema = String.class) Map<String, Secret> headers,
        @Schema(example = "1") Integer interval) {

    public static final int DEFAULT_INTERVAL = 1;

    public int intervalSeconds() {
        return interval == null ? DEFAULT_INTERVAL : interval;
    }
}
