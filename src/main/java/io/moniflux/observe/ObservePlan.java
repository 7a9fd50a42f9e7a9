package io.moniflux.observe;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One metrics endpoint to watch during a run, as the test defined it, checked.
 *
 * @param name     the {@code target} label its series get
 * @param url      the page to scrape
 * @param headers  sent with every scrape (an Authorization, say)
 * @param series   the series to keep: the preset's and the test's own
 * @param interval time between scrapes
 */
public record ObservePlan(String name, URI url, Map<String, String> headers, List<SeriesSelector> series, Duration interval) {

    public ObservePlan {
        headers = Map.copyOf(headers);
        series = List.copyOf(series);
    }
}
