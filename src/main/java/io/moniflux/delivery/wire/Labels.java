package io.moniflux.delivery.wire;

import java.util.LinkedHashMap;
import java.util.Map;

import io.moniflux.telemetry.RunMarker;

/** Label names and values as metric and log backends (Prometheus, Loki, Influx) accept them. */
public final class Labels {

    private Labels() {
    }

    /** A Prometheus-style name: letters, digits and underscores, not starting with a digit. */
    public static String name(String name) {
        StringBuilder sanitized = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9';
            sanitized.append(ok ? c : '_');
        }
        return sanitized.isEmpty() ? "_" : sanitized.toString();
    }

    /** The run marker as labels: which test, run and part sent a series or stream. */
    public static Map<String, String> marker(RunMarker marker) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("moniflux_test", marker.testID());
        labels.put("moniflux_run", marker.runID());
        labels.put("moniflux_part", Integer.toString(marker.part()));
        return labels;
    }
}
