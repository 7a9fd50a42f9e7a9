package io.moniflux.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * After a run, ask the backend what it stored of it.
 *
 * @param settle   seconds to wait after the run before asking (ingestion and indexing delays)
 * @param endpoint where to query, when it is not the destination's own host (a Prometheus behind a
 *                 collector, say); its API is the destination type's
 * @param api      prometheus: query an influx destination's backend through the Prometheus API
 *                 (VictoriaMetrics) rather than InfluxQL or Flux
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "End-to-end verification: after the run, query the backend for what it stored")
public record VerifySpec(
        @Schema(example = "10") Integer settle,
        @Schema(example = "http://prometheus:9090") String endpoint,
        @Schema(example = "prometheus") String api) {

    public static final int DEFAULT_SETTLE = 5;

    public int settleSeconds() {
        return settle == null ? DEFAULT_SETTLE : settle;
    }
}
