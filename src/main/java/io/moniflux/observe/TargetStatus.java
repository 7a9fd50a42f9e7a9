package io.moniflux.observe;

/**
 * How the scrapes of one watched endpoint went over a run: a failed scrape is counted, never fatal.
 *
 * @param name          the endpoint's name: the {@code target} label of its series
 * @param url           the URL scraped
 * @param scrapes       scrapes attempted
 * @param failures      of those, the ones that got no valid page (refused, timed out, not 2xx, not the
 *                      exposition format)
 * @param lastError     why the last failed scrape failed; absent when none did
 * @param series        series kept in the last good scrape
 * @param seriesDropped series that matched beyond the cap in the last good scrape, not kept
 */
public record TargetStatus(String name, String url, long scrapes, long failures, String lastError, int series,
        int seriesDropped) {

    /** A later owner of the run part carries on: counts add up, the later scrape's figures stand. */
    public TargetStatus plus(TargetStatus later) {
        return new TargetStatus(name, url, scrapes + later.scrapes, failures + later.failures,
                later.lastError != null ? later.lastError : lastError, later.scrapes > 0 ? later.series : series,
                later.scrapes > 0 ? later.seriesDropped : seriesDropped);
    }
}
