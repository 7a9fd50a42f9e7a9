package io.moniflux.loadtest;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A capacity search: one signal's rate raised step by step while the test's thresholds hold, then
 * bisected between the last rate that held and the first that broke.
 *
 * @param signal       logs, metrics or traces
 * @param start        events per second of the first step
 * @param factor       each step's rate is the previous one times this (default 2), until a step fails
 * @param increment    or plus this many events per second instead
 * @param stepDuration seconds each step holds its rate
 * @param warmup       seconds at the start of each step that are not judged
 * @param ceiling      the highest rate tried
 * @param precision    the search stops when the rates that held and broke are this close (relative; 0.05 = 5 %)
 * @param maxSteps     steps at most
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Capacity search: raises one signal's rate while the thresholds hold and reports the highest rate that passed")
public record CapacitySpec(
        @Schema(example = "logs") String signal,
        @Schema(example = "1000") Double start,
        @Schema(example = "1.5") Double factor,
        Double increment,
        @Schema(example = "30") Integer stepDuration,
        @Schema(example = "5") Integer warmup,
        @Schema(example = "200000") Double ceiling,
        @Schema(example = "0.05") Double precision,
        @Schema(example = "20") Integer maxSteps) {

    public static final double DEFAULT_FACTOR = 2;
    public static final double DEFAULT_PRECISION = 0.05;
    public static final int DEFAULT_MAX_STEPS = 30;
}
