package io.moniflux.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ObserverTest {

    @Test
    void scrapesEachIntervalAndHandsEachSecondItsValuesOnce() {
        AtomicInteger scrapes = new AtomicInteger();
        ObservePlan plan = new ObservePlan("t", URI.create("http://127.0.0.1:1/metrics"), Map.of(),
                List.of(SeriesSelector.parse("jobs_total")), Duration.ofSeconds(1));
        Observer.Pages pages = (p, timeout) -> {
            int n = scrapes.incrementAndGet();
            if (n == 2) {
                throw new IOException("Connection refused");
            }
            return "# TYPE jobs_total counter\njobs_total " + (n * 100) + "\n";
        };
        try (Observer observer = new Observer(List.of(plan), pages, System::nanoTime, System.nanoTime(), "r#0")) {
            observer.begin();
            await().atMost(Duration.ofSeconds(6)).until(() -> scrapes.get() >= 4);
            observer.close();

            assertThat(observer.take(0)).as("a first scrape is the counter's baseline").isEmpty();
            assertThat(observer.take(1)).as("a failed scrape keeps nothing").isEmpty();
            List<ObservedValue> third = observer.take(2);
            assertThat(third).hasSize(1);
            assertThat(third.getFirst().unit()).isEqualTo(ObservedValue.Unit.PER_SECOND);
            assertThat(third.getFirst().value()).as("200 more over the 2 s since the last good scrape").isBetween(95.0, 105.0);
            assertThat(observer.take(2)).as("a second is handed over once").isEmpty();
            TargetStatus status = observer.status().getFirst();
            assertThat(status.failures()).isEqualTo(1);
            assertThat(status.lastError()).isEqualTo("Connection refused");
        }
    }
}
