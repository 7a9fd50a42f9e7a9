package io.moniflux.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SeriesSelectorTest {

    @Test
    void matchesNamesWithWildcardsAndLabelsAsPromQlDoes() {
        SeriesSelector accepted = SeriesSelector.parse("otelcol_receiver_accepted_*");
        assertThat(accepted.matches("otelcol_receiver_accepted_log_records_total", Map.of())).isTrue();
        assertThat(accepted.matches("otelcol_receiver_refused_log_records_total", Map.of())).isFalse();
        assertThat(accepted.matches("xotelcol_receiver_accepted_spans", Map.of())).as("anchored").isFalse();

        SeriesSelector writes = SeriesSelector.parse("http_requests_total{handler=~\"/api/v1/(write|push)\", code!=\"500\"}");
        assertThat(writes.matches("http_requests_total", Map.of("handler", "/api/v1/write", "code", "204"))).isTrue();
        assertThat(writes.matches("http_requests_total", Map.of("handler", "/api/v1/write", "code", "500"))).isFalse();
        assertThat(writes.matches("http_requests_total", Map.of("handler", "/api/v1/writes"))).as("whole value").isFalse();
        assertThat(SeriesSelector.parse("up{job=\"\"}").matches("up", Map.of())).as("a missing label is empty").isTrue();
        assertThat(SeriesSelector.parse("up{job!~\"a.*\"}").matches("up", Map.of("job", "api"))).isFalse();
        assertThat(SeriesSelector.parse("q{a=\"x\\\"y\"}").matches("q", Map.of("a", "x\"y"))).isTrue();
    }

    @Test
    void matchesSeriesAsTheyAreStored() {
        SeriesSelector queue = SeriesSelector.parse("otelcol_exporter_queue_size{exporter=\"otlp\"}");
        assertThat(queue.matchesSeries("otelcol_exporter_queue_size{exporter=\"otlp\",target=\"collector\"}")).isTrue();
        assertThat(queue.matchesSeries("otelcol_exporter_queue_size{exporter=\"kafka\",target=\"collector\"}")).isFalse();
        assertThat(SeriesSelector.parse("up").matchesSeries("up")).isTrue();
    }

    @Test
    void saysWhatIsWrongWithASelector() {
        assertThatThrownBy(() -> SeriesSelector.parse("")).hasMessageContaining("metric name");
        assertThatThrownBy(() -> SeriesSelector.parse("9lives")).hasMessageContaining("not a metric name");
        assertThatThrownBy(() -> SeriesSelector.parse("up{job=\"a\"")).hasMessageContaining("end with '}'");
        assertThatThrownBy(() -> SeriesSelector.parse("up{job~\"a\"}")).hasMessageContaining("needs =, !=, =~ or !~");
        assertThatThrownBy(() -> SeriesSelector.parse("up{job=a}")).hasMessageContaining("double-quoted");
        assertThatThrownBy(() -> SeriesSelector.parse("up{job=~\"(\"}")).hasMessageContaining("regular expression");
        assertThatThrownBy(() -> SeriesSelector.parse("up{job=\"a\" instance=\"b\"}")).hasMessageContaining("separated by ','");
    }
}
