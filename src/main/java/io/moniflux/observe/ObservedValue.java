package io.moniflux.observe;

/**
 * One series of a watched target in one second of a run.
 *
 * @param series the series as Prometheus writes it, with a {@code target} label naming the endpoint
 * @param value  a gauge's value as exposed; a counter's rate per second since the scrape before; CPU
 *               seconds as cores
 * @param unit   which of these it is
 */
public record ObservedValue(String series, double value, Unit unit) {

    /** What an observed value is. */
    public enum Unit {
        /** The value as the target exposed it (a gauge: a queue's size, bytes of memory). */
        VALUE,
        /** A counter's increase per second. */
        PER_SECOND,
        /** CPU seconds per second: the cores the target used. */
        CORES
    }

    /** The metric name of the series, without its labels. */
    public String name() {
        return nameOf(series);
    }

    /** The metric name of a series as Prometheus writes it: what comes before its labels. */
    public static String nameOf(String series) {
        int brace = series.indexOf('{');
        return brace < 0 ? series : series.substring(0, brace);
    }
}
