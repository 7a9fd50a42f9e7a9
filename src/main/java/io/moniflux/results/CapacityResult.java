package io.moniflux.results;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The answer of a capacity search: the highest rate that held every threshold, the lowest that did
 * not, and every step on the way.
 *
 * @param sustainedRate  the highest rate at which every threshold held for a whole step; absent when none did
 * @param failedRate     the lowest rate at which a threshold broke; absent when none did
 * @param ceilingReached the search reached its ceiling with every threshold holding
 * @param finished       whether the search has its answer: it converged or reached its ceiling
 * @param state          where the search is: still searching, converged, at its ceiling, or cut short
 *                       by the end of the run before it converged
 * @param summary        the answer in one sentence, or where the search is while it runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapacityResult(String signal, Double sustainedRate, Double failedRate, boolean ceilingReached, boolean finished,
        State state, String summary, List<Step> steps) {

    public CapacityResult {
        steps = steps == null ? List.of() : List.copyOf(steps);
        if (state == null) {
            state = ceilingReached ? State.CEILING : finished ? State.CONVERGED : State.CUT_SHORT;
        }
    }

    /** Where a capacity search is. */
    public enum State {
        /** Steps are still running. */
        SEARCHING("searching"),
        /** The rates that held and broke are within the precision, or the steps ran out. */
        CONVERGED("converged"),
        /** Every step held, up to the ceiling. */
        CEILING("ceiling"),
        /** The run ended (its duration ran out, or it was stopped) before the search had its answer. */
        CUT_SHORT("cut-short"),
        /**
         * MoniFlux itself could not generate a step's rate: the destination was not the limit, and the
         * search stopped rather than blame it. Its sustained rate is a lower bound.
         */
        GENERATOR_LIMITED("generator-limited");

        private final String key;

        State(String key) {
            this.key = key;
        }

        @JsonValue
        public String key() {
            return key;
        }
    }

    /**
     * One step at a fixed rate, judged on its seconds after the warm-up.
     *
     * @param fromSecond   first second of the run in the step
     * @param toSecond     last second of the run in the step
     * @param achievedRate events per second the destination accepted in the judged seconds
     * @param errorRate    failed / answered
     * @param missedRate   missed / due
     * @param p99          latency in milliseconds
     * @param breached     the thresholds that broke, with their values
     * @param generatorLimited MoniFlux itself could not generate the step's rate (over 1 % of its events
     *                     missed for want of the generator, not the destination): the step says nothing
     *                     about the destination
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Step(int step, double rate, long fromSecond, long toSecond, boolean passed, double achievedRate,
            double errorRate, double missedRate, Double p99, List<String> breached, boolean generatorLimited) {
    }
}
