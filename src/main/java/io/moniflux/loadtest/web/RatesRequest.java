package io.moniflux.loadtest.web;

import io.swagger.v3.oas.annotations.media.Schema;

/** New rates for a running test; absent rates stay as they are, 0 pauses a signal. */
record RatesRequest(@Schema(example = "2000") Double logRate, @Schema(example = "500") Double metricsRate,
        @Schema(example = "100") Double traceRate) {
}
