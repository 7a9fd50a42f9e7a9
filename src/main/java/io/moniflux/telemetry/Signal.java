package io.moniflux.telemetry;

/** The three kinds of telemetry MoniFlux generates. */
public enum Signal {
    LOGS("logs"), METRICS("metrics"), TRACES("traces");

    private final String key;

    Signal(String key) {
        this.key = key;
    }

    /** Lower-case name used in URLs, JSON and metric tags. */
    public String key() {
        return key;
    }
}
