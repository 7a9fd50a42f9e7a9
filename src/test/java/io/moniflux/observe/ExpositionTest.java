package io.moniflux.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExpositionTest {

    static final String PROMETHEUS_TEXT = """
            # HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.
            # TYPE go_gc_duration_seconds summary
            go_gc_duration_seconds{quantile="0"} 2.4e-05
            go_gc_duration_seconds{quantile="1"} 0.000101
            go_gc_duration_seconds_sum 0.0123
            go_gc_duration_seconds_count 42
            # HELP prometheus_tsdb_head_samples_appended_total Total number of appended samples.
            # TYPE prometheus_tsdb_head_samples_appended_total counter
            prometheus_tsdb_head_samples_appended_total{type="float"} 1500
            prometheus_tsdb_head_samples_appended_total{type="histogram"} 0
            # HELP process_resident_memory_bytes Resident memory size in bytes.
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes 1.2345678e+08
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{handler="/api/v1/write",le="0.1"} 10
            http_request_duration_seconds_bucket{handler="/api/v1/write",le="+Inf"} 12 1700000000000
            http_request_duration_seconds_sum{handler="/api/v1/write"} 0.5
            http_request_duration_seconds_count{handler="/api/v1/write"} 12
            untyped_thing{path="C:\\\\dir",msg="say \\"hi\\"\\nbye"} -Inf
            """;

    @Test
    void readsThePrometheusTextFormatWithTheFamiliesTypes() throws Exception {
        List<Exposition.Sample> samples = Exposition.parse(PROMETHEUS_TEXT);

        assertThat(samples).hasSize(12);
        Exposition.Sample quantile = samples.getFirst();
        assertThat(quantile.type()).isEqualTo(Exposition.Type.SUMMARY);
        assertThat(quantile.cumulative()).as("a quantile is a gauge").isFalse();
        assertThat(samples.get(3).cumulative()).as("a summary's _count").isTrue();
        Exposition.Sample appended = samples.get(4);
        assertThat(appended.series()).isEqualTo("prometheus_tsdb_head_samples_appended_total{type=\"float\"}");
        assertThat(appended.value()).isEqualTo(1500);
        assertThat(appended.type()).isEqualTo(Exposition.Type.COUNTER);
        assertThat(appended.cumulative()).isTrue();
        assertThat(samples.get(6).value()).isEqualTo(1.2345678e+08);
        assertThat(samples.get(6).cumulative()).isFalse();
        Exposition.Sample bucket = samples.get(8);
        assertThat(bucket.labels()).containsExactly(Map.entry("handler", "/api/v1/write"), Map.entry("le", "+Inf"));
        assertThat(bucket.value()).as("the timestamp is not the value").isEqualTo(12);
        assertThat(bucket.cumulative()).isTrue();
        Exposition.Sample untyped = samples.getLast();
        assertThat(untyped.type()).isEqualTo(Exposition.Type.UNKNOWN);
        assertThat(untyped.labels()).containsEntry("path", "C:\\dir").containsEntry("msg", "say \"hi\"\nbye");
        assertThat(untyped.value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(untyped.series()).as("written back escaped").isEqualTo("untyped_thing{msg=\"say \\\"hi\\\"\\nbye\",path=\"C:\\\\dir\"}");
    }

    @Test
    void readsOpenMetricsWithItsCounterSuffixesExemplarsAndEof() throws Exception {
        List<Exposition.Sample> samples = Exposition.parse("""
                # TYPE otelcol_receiver_accepted_log_records counter
                # UNIT otelcol_receiver_accepted_log_records records
                # HELP otelcol_receiver_accepted_log_records Number of log records accepted.
                otelcol_receiver_accepted_log_records_total{receiver="otlp",transport="http"} 3000.0 # {trace_id="abc"} 1.0 1700000000.001
                otelcol_receiver_accepted_log_records_created{receiver="otlp",transport="http"} 1700000000.0
                # TYPE queue gauge
                queue{exporter="otlp"} NaN
                # EOF
                """);

        assertThat(samples).hasSize(3);
        assertThat(samples.getFirst().name()).isEqualTo("otelcol_receiver_accepted_log_records_total");
        assertThat(samples.getFirst().cumulative()).isTrue();
        assertThat(samples.get(1).cumulative()).as("_created is a timestamp").isFalse();
        assertThat(samples.get(2).value()).isNaN();
    }

    @Test
    void readsUtf8MetricNamesInBraces() throws Exception {
        List<Exposition.Sample> samples = Exposition.parse("{\"http.server.requests\", method=\"GET\",} 7\n");

        assertThat(samples.getFirst().name()).isEqualTo("http.server.requests");
        assertThat(samples.getFirst().labels()).containsEntry("method", "GET");
    }

    @Test
    void refusesWhatBreaksTheGrammarWithItsLine() {
        assertRefused("up 1\nup{job=\"a\" 1\n", 2, "expected ',' or '}'");
        assertRefused("up one\n", 1, "is not a number");
        assertRefused("up 1 2 3\n", 1, "unexpected text");
        assertRefused("up{job=a} 1\n", 1, "double-quoted");
        assertRefused("up{job=\"a\",job=\"b\"} 1\n", 1, "twice");
        assertRefused("up{job=\"a\\t\"} 1\n", 1, "unknown escape");
        assertRefused("9up 1\n", 1, "not a metric name");
        assertRefused("up\n", 1, "needs a value");
        assertRefused("# TYPE up meter\nup 1\n", 1, "unknown metric type");
        assertRefused("# TYPE up gauge\nup 1\n# TYPE up gauge\n", 3, "a second '# TYPE'");
        assertRefused("up 1\n# EOF\nup 2\n", 3, "after '# EOF'");
        assertRefused("up 1 # {a=b} 1\n", 1, "double-quoted");
        assertRefused("<html><body>Not found</body></html>\n", 1, "not a metric name");
    }

    @Test
    void aPageMayEndWithoutEofAsThePrometheusFormatDoes() throws Exception {
        assertThat(Exposition.parse("")).isEmpty();
        assertThat(Exposition.parse("\n\nup 1\n")).hasSize(1);
    }

    private static void assertRefused(String page, int line, String message) {
        assertThatThrownBy(() -> Exposition.parse(page)).isInstanceOf(ExpositionException.class)
                .hasMessageStartingWith("line " + line + ":").hasMessageContaining(message)
                .satisfies(e -> assertThat(((ExpositionException) e).line()).isEqualTo(line));
    }
}
