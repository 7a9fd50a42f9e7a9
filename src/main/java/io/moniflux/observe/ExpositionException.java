package io.moniflux.observe;

/** A metrics page that is not valid Prometheus text or OpenMetrics: where, and what is wrong. */
public final class ExpositionException extends Exception {

    private final int line;

    ExpositionException(int line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line of the page that broke the format. */
    public int line() {
        return line;
    }
}
