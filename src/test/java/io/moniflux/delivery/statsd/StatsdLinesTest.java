package io.moniflux.delivery.statsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.moniflux.telemetry.Attributes;
import io.moniflux.telemetry.MetricEvent;
import io.moniflux.telemetry.MetricKind;
import io.moniflux.telemetry.MetricSeries;
import io.moniflux.telemetry.RunMarker;

class StatsdLinesTest {

    static final RunMarker MARKER = new RunMarker("t", "t-run-1", 0);

    /** The generator makes each series once and sends its points with it, as these do. */
    final Map<Integer, MetricSeries> series = new HashMap<>();

    MetricEvent counter(int index, double value) {
        MetricSeries one = series.computeIfAbsent(index, i ->
                new MetricSeries("requests", MetricKind.COUNTER, "1", "", new Attributes(Map.of("i", "s" + i)), 0));
        return new MetricEvent(0, one, value, 0, 0, null, null, 0);
    }

    @Test
    void aCounterIsSentAsItsIncrement() {
        StatsdLines lines = new StatsdLines(new StatsdDestination("s", "statsd", "127.0.0.1", 8125, null, null, null, null, null, null,
                null));

        assertThat(lines.line(counter(1, 5), MARKER)).endsWith(":5|c");
        assertThat(lines.line(counter(1, 12), MARKER)).endsWith(":7|c");
    }

    @Test
    void churnedSeriesAreForgottenBeyondTheBoundWhileTheRecentOnesKeepTheirFigures() {
        StatsdLines lines = new StatsdLines(new StatsdDestination("s", "statsd", "127.0.0.1", 8125, null, null, null, null, null, null,
                null));
        lines.line(counter(0, 100), MARKER);
        for (int i = 1; i <= StatsdLines.REMEMBERED_SERIES + 1_000; i++) {
            lines.line(counter(i, 1), MARKER);
            if (i % 50_000 == 0) {
                lines.line(counter(0, 100 + i), MARKER); // series 0 keeps being sent: it stays remembered
            }
        }

        assertThat(lines.remembered()).isEqualTo(StatsdLines.REMEMBERED_SERIES);
        assertThat(lines.line(counter(0, 250_101), MARKER)).as("its previous figure kept").endsWith(":1|c");
    }
}
