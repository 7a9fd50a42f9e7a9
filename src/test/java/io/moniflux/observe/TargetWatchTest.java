package io.moniflux.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class TargetWatchTest {

    static final long SECOND = 1_000_000_000L;

    static ObservePlan plan(String... selectors) {
        return new ObservePlan("collector", URI.create("http://127.0.0.1:8888/metrics"), Map.of(),
                List.of(selectors).stream().map(SeriesSelector::parse).toList(), Duration.ofSeconds(1));
    }

    static String page(double accepted, double cpu, double queue) {
        return """
                # TYPE otelcol_receiver_accepted_log_records_total counter
                otelcol_receiver_accepted_log_records_total{receiver="otlp",target="mine"} %s
                # TYPE otelcol_process_cpu_seconds_total counter
                otelcol_process_cpu_seconds_total %s
                # TYPE otelcol_exporter_queue_size gauge
                otelcol_exporter_queue_size{exporter="otlp"} %s
                # TYPE other gauge
                other 1
                """.formatted(accepted, cpu, queue);
    }

    @Test
    void countersBecomeRatesCpuSecondsCoresAndGaugesStayAsTheyAre() {
        TargetWatch watch = new TargetWatch(plan("otelcol_receiver_accepted_*", "otelcol_process_cpu_seconds*",
                "otelcol_exporter_queue_size"));

        List<ObservedValue> first = watch.read(page(1000, 10, 5), 0);
        assertThat(first).as("a counter's first scrape is its baseline").containsExactly(
                new ObservedValue("otelcol_exporter_queue_size{exporter=\"otlp\",target=\"collector\"}", 5, ObservedValue.Unit.VALUE));

        List<ObservedValue> second = watch.read(page(3000, 11.5, 7), 2 * SECOND);
        assertThat(second).containsExactly(
                new ObservedValue("otelcol_receiver_accepted_log_records_total{exported_target=\"mine\",receiver=\"otlp\",target=\"collector\"}",
                        1000, ObservedValue.Unit.PER_SECOND),
                new ObservedValue("otelcol_process_cpu_seconds_total{target=\"collector\"}", 0.75, ObservedValue.Unit.CORES),
                new ObservedValue("otelcol_exporter_queue_size{exporter=\"otlp\",target=\"collector\"}", 7, ObservedValue.Unit.VALUE));

        List<ObservedValue> reset = watch.read(page(500, 12.5, 0), 3 * SECOND);
        assertThat(reset.getFirst().value()).as("a restarted target counts from zero").isEqualTo(500);
        assertThat(watch.status()).isEqualTo(new TargetStatus("collector", "http://127.0.0.1:8888/metrics", 3, 0, null, 3, 0));
    }

    @Test
    void aPageThatIsNotTheFormatIsAFailedScrapeAndTheNextGoodOneCarriesOn() {
        TargetWatch watch = new TargetWatch(plan("otelcol_exporter_queue_size"));

        assertThat(watch.read("<html>502 Bad Gateway</html>", 0)).isEmpty();
        watch.unreachable("Connection refused");
        assertThat(watch.read(page(1, 1, 9), SECOND)).hasSize(1);

        TargetStatus status = watch.status();
        assertThat(status.scrapes()).isEqualTo(3);
        assertThat(status.failures()).isEqualTo(2);
        assertThat(status.lastError()).isEqualTo("Connection refused");
    }

    @Test
    void keepsAtMostTheCapOfSeriesAndSaysHowManyItDropped() {
        TargetWatch watch = new TargetWatch(plan("wide"));
        String page = IntStream.range(0, TargetWatch.MAX_SERIES + 7).mapToObj(i -> "wide{i=\"" + i + "\"} " + i)
                .collect(Collectors.joining("\n", "", "\n"));

        assertThat(watch.read(page, 0)).hasSize(TargetWatch.MAX_SERIES);
        assertThat(watch.status().series()).isEqualTo(TargetWatch.MAX_SERIES);
        assertThat(watch.status().seriesDropped()).isEqualTo(7);
    }
}
