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
 * @param tolerance the share of accepted events that may be missing with the run still verified
 *                 (0.001 = 0.1 %); 0 by default: any loss is a loss
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "End-to-end verification: after the run, query the backend for what it stored")
public record VerifySpec(
        @Schema(example = "10") Integer settle,
        @Schema(example = "http://prometheus:9090") String endpoint,
        @Schema(example = "prometheus") String api,
        @Schema(example = "0.001") Double tolerance) {

    public static final int DEFAULT_SETTLE = 5;

    public int settleSeconds() {
        return settle == null ? DEFAULT_SETTLE : settle;
    }

    public double toleratedLoss() {
        return tolerance == null ? 0 : tolerance;
    }
}
