package io.moniflux.observe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The series worth watching on the common parts of a pipeline, so that a test names a preset rather
 * than a list. The Collector's names are its internal telemetry's (with or without the {@code _total}
 * its Prometheus exporter adds); the others are each server's own.
 */
public final class Presets {

    private static final List<String> PROCESS = List.of("process_cpu_seconds_total", "process_resident_memory_bytes");
    private static final Map<String, List<String>> PRESETS = new LinkedHashMap<>();

    static {
        PRESETS.put("otelcol", List.of("otelcol_receiver_accepted_*", "otelcol_receiver_refused_*",
                "otelcol_exporter_sent_*", "otelcol_exporter_send_failed_*", "otelcol_exporter_enqueue_failed_*",
                "otelcol_exporter_queue_size", "otelcol_exporter_queue_capacity", "otelcol_process_cpu_seconds*",
                "otelcol_process_memory_rss*"));
        PRESETS.put("prometheus", List.of("prometheus_tsdb_head_samples_appended_total", "prometheus_tsdb_head_series",
                "prometheus_tsdb_out_of_order_samples_total", "prometheus_http_requests_total{handler=\"/api/v1/write\"}",
                PROCESS.get(0), PROCESS.get(1)));
        PRESETS.put("victoriametrics", List.of("vm_rows_inserted_total", "vm_rows_added_to_storage_total",
                "vm_rows_ignored_total", "vm_http_request_errors_total", PROCESS.get(0), PROCESS.get(1)));
        PRESETS.put("zipkin", List.of("zipkin_collector_spans_total", "zipkin_collector_spans_dropped_total",
                "zipkin_collector_messages_total", "zipkin_collector_messages_dropped_total", "zipkin_collector_bytes_total",
                "process_cpu_usage", "jvm_memory_used_bytes"));
        PRESETS.put("loki", List.of("loki_distributor_lines_received_total", "loki_distributor_bytes_received_total",
                "loki_discarded_samples_total", "loki_ingester_memory_streams", PROCESS.get(0), PROCESS.get(1)));
        PRESETS.put("vector", List.of("vector_component_received_events_total", "vector_component_sent_events_total",
                "vector_component_discarded_events_total", "vector_buffer_events"));
        PRESETS.put("fluentbit", List.of("fluentbit_input_records_total", "fluentbit_output_proc_records_total",
                "fluentbit_output_errors_total", "fluentbit_output_retries_failed_total", "fluentbit_output_dropped_records_total"));
        PRESETS.put("process", PROCESS);
    }

    private Presets() {
    }

    /** The selectors of a preset. */
    public static Optional<List<String>> of(String name) {
        return Optional.ofNullable(PRESETS.get(name));
    }

    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }
}
