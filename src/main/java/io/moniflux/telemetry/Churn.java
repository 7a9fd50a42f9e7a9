package io.moniflux.telemetry;

import java.util.List;

/**
 * How the set of metric series changes during a run, as pods that roll make it change, after
 * avalanche's series churn.
 *
 * @param mode          {@code none} (default): the same series all run; {@code gradual}: every period, one
 *                      series in ten is replaced by a new one (a new instance label), in turn;
 *                      {@code spike}: every other period, the series double, then fall back;
 *                      {@code double-halve}: the series double for a period, then halve for one, and so on
 * @param periodSeconds the period of the changes (default 60)
 */
public record Churn(String mode, int periodSeconds) {

    public static final List<String> MODES = List.of("none", "gradual", "spike", "double-halve");
    public static final Churn NONE = new Churn("none", 60);

    public Churn {
        mode = mode == null ? "none" : mode;
        periodSeconds = periodSeconds <= 0 ? 60 : periodSeconds;
    }
}
