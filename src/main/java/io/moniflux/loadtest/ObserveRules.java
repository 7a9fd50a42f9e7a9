package io.moniflux.loadtest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.moniflux.delivery.DeliveryCatalog;
import io.moniflux.delivery.Secret;
import io.moniflux.observe.Presets;
import io.moniflux.observe.SeriesSelector;

/**
 * The rules a test's watched endpoints keep: a few of them, each an http(s) URL the destination policy
 * admits, a known preset or series selectors that parse, distinct names, a sane interval, and headers
 * whose masked values ({@code ****}) keep the stored ones.
 */
final class ObserveRules {

    static final int MAX_ENDPOINTS = 5;
    static final int MAX_SERIES = 50;
    static final int MAX_HEADERS = 20;
    static final int MAX_INTERVAL = 60;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    // an HTTP token without '$' and '.', which MongoDB map keys may not hold
    private static final Pattern HEADER = Pattern.compile("[!#%&'*+^_`|~0-9A-Za-z-]{1,128}");;

    private final DeliveryCatalog catalog;

    ObserveRules(DeliveryCatalog catalog) {
        this.catalog = catalog;
    }

    List<ObserveSpec> check(List<ObserveSpec> given, List<ObserveSpec> stored, List<Violation> violations) {
        if (given == null) {
            return stored == null ? List.of() : stored;
        }
        if (given.size() > MAX_ENDPOINTS) {
            violations.add(new Violation("observe", "cap-exceeded", "observe lists " + given.size()
                    + " endpoints; the cap is " + MAX_ENDPOINTS));
            return List.of();
        }
        List<ObserveSpec> checked = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "observe[" + i + "]";
            ObserveSpec o = given.get(i);
            if (o == null) {
                violations.add(new Violation(field, "invalid-observe", field + " is empty"));
                continue;
            }
            int before = violations.size();
            URI url = url(field, o.url(), violations);
            if (o.preset() != null && Presets.of(o.preset()).isEmpty()) {
                violations.add(new Violation(field + ".preset", "invalid-observe",
                        field + ".preset must be one of " + String.join(", ", Presets.names())));
            }
            List<String> series = o.series() == null ? List.of() : o.series();
            if (o.preset() == null && series.isEmpty()) {
                violations.add(new Violation(field + ".series", "required",
                        field + " needs a preset or series to keep (Prometheus selectors such as otelcol_exporter_queue_size)"));
            }
            if (series.size() > MAX_SERIES) {
                violations.add(new Violation(field + ".series", "cap-exceeded", field + ".series lists " + series.size()
                        + " selectors; the cap is " + MAX_SERIES));
            } else {
                for (int j = 0; j < series.size(); j++) {
                    try {
                        SeriesSelector.parse(series.get(j));
                    } catch (IllegalArgumentException e) {
                        violations.add(new Violation(field + ".series[" + j + "]", "invalid-series", field + ".series[" + j
                                + "]: " + e.getMessage()));
                    }
                }
            }
            String name = o.name() != null ? o.name().strip() : o.preset() != null ? o.preset()
                    : url == null ? null : url.getHost().replace("[", "").replace("]", "") + (url.getPort() > 0 ? ":" + url.getPort() : "");
            if (name != null && !NAME.matcher(name).matches()) {
                violations.add(new Violation(field + ".name", "invalid-observe",
                        field + ".name must be 1 to 64 letters, digits, '_', '.', ':' or '-'"));
            } else if (name != null && !names.add(name)) {
                violations.add(new Violation(field + ".name", "invalid-observe", field + ": a second endpoint named '" + name
                        + "'; give each its own name"));
            }
            if (o.interval() != null && (o.interval() < 1 || o.interval() > MAX_INTERVAL)) {
                violations.add(new Violation(field + ".interval", "out-of-range", field + ".interval must be 1 to "
                        + MAX_INTERVAL + " seconds"));
            }
            Map<String, Secret> headers = headers(field, o.headers(), storedHeaders(stored, name), violations);
            if (violations.size() == before) {
                checked.add(new ObserveSpec(name, o.url().strip(), o.preset(), series.stream().map(String::strip).toList(), headers,
                        o.intervalSeconds()));
            }
        }
        return checked;
    }

    private URI url(String field, String url, List<Violation> violations) {
        if (url == null || url.isBlank()) {
            violations.add(new Violation(field + ".url", "required", field + ".url is required: the metrics page to scrape"));
            return null;
        }
        var problem = catalog.checkUrl(field + ".url", url);
        if (problem.isPresent()) {
            violations.add(new Violation(problem.get().field(), "invalid-observe", problem.get().message()));
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            if (uri.getRawUserInfo() != null) {
                violations.add(new Violation(field + ".url", "invalid-observe",
                        field + ".url must not hold credentials; send them in headers, which are kept secret"));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            return null; // checkUrl said so already
        }
    }

    private static Map<String, Secret> storedHeaders(List<ObserveSpec> stored, String name) {
        if (stored == null || name == null) {
            return Map.of();
        }
        return stored.stream().filter(o -> name.equals(o.name()) && o.headers() != null).findFirst()
                .map(ObserveSpec::headers).orElse(Map.of());
    }

    private static Map<String, Secret> headers(String field, Map<String, Secret> given, Map<String, Secret> stored,
            List<Violation> violations) {
        if (given == null || given.isEmpty()) {
            return Map.of();
        }
        if (given.size() > MAX_HEADERS) {
            violations.add(new Violation(field + ".headers", "cap-exceeded", field + ".headers has " + given.size()
                    + " entries; the cap is " + MAX_HEADERS));
            return Map.of();
        }
        Map<String, Secret> headers = new LinkedHashMap<>();
        given.forEach((header, secret) -> {
            String value = secret == null ? null : secret.value();
            if (TestDraft.MASKED_SECRET.equals(value)) {
                Secret kept = stored.get(header);
                value = kept == null ? null : kept.value();
            }
            if (!HEADER.matcher(header).matches()) {
                violations.add(new Violation(field + ".headers", "invalid-observe", field + ".headers: '" + header
                        + "' is not an HTTP header name"));
            } else if (value == null || value.length() > 4096 || value.chars().anyMatch(ch -> ch < 0x20 && ch != '\t' || ch == 0x7f)) {
                violations.add(new Violation(field + ".headers." + header, "invalid-observe", field + ".headers." + header
                        + " must be a value of at most 4096 characters without control characters"
                        + (TestDraft.MASKED_SECRET.equals(secret == null ? null : secret.value()) ? " (**** keeps a stored value; none is)" : "")));
            } else {
                headers.put(header, new Secret(value));
            }
        });
        return headers;
    }
}
