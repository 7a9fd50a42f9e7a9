package io.moniflux.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryCatalog;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.json.HttpJsonDestination;
import io.moniflux.telemetry.Signal;
import tools.jackson.databind.json.JsonMapper;

/**
 * The validator alone, without Spring: drafts read from JSON as the API reads them, built over the
 * defaults or a stored spec, against a catalog with one fake protocol that carries logs and metrics.
 */
class TestSpecsTest {

    static final LoadTestLimits LIMITS = new LoadTestLimits(50_000, 3600, 4096, 8, 1000, 100, Duration.ofDays(30), 512,
            1000, 10, 100_000, 5, 200_000, 100);
    static final JsonMapper JSON = JsonMapper.builder().build();

    final TestSpecs specs = new TestSpecs(LIMITS, new DeliveryCatalog(List.of(new LogsAndMetricsOnly()), List.of(),
            new StaticListableBeanFactory().getBeanProvider(AddressPolicy.class)));

    @Test
    void fillsTheDefaultsOfANewTest() {
        TestSpec spec = specs.build(null, draft("{\"logRate\": 10, \"duration\": 5, \"destination\": {\"endpoint\": \"http://127.0.0.1:9\"}}"));

        assertThat(spec.logType()).isEqualTo("INFO");
        assertThat(spec.logSize()).isEqualTo(LIMITS.defaultLogSize());
        assertThat(spec.workers()).isEqualTo(1);
        assertThat(spec.metricsRate()).isZero();
        assertThat(spec.destination().type()).isEqualTo("http");
    }

    @Test
    void observedEndpointsTakeTheirNamesDefaultsAndKeepTheirMaskedHeaders() {
        TestSpec stored = specs.build(null, draft("""
                {"logRate": 10, "duration": 5, "destination": {"endpoint": "http://127.0.0.1:9"},
                 "observe": [{"url": "http://127.0.0.1:8888/metrics", "preset": "otelcol", "headers": {"Authorization": "Bearer t0k3n"}},
                             {"url": "http://[::1]:9090/metrics", "series": [" prometheus_tsdb_head_series "]}],
                 "thresholds": [{"metric": "observed", "series": "otelcol_exporter_queue_size", "max": 5000, "window": 5}]}"""));

        assertThat(stored.observe()).extracting(ObserveSpec::name, ObserveSpec::interval).containsExactly(
                tuple("otelcol", 1), tuple("::1:9090", 1));
        assertThat(stored.observe().get(1).series()).containsExactly("prometheus_tsdb_head_series");
        assertThat(stored.thresholds().getFirst().rule().name()).isEqualTo("observed otelcol_exporter_queue_size <= 5000 over 5s");
        assertThat(JSON.writeValueAsString(stored.observe().getFirst())).as("a header is a secret")
                .contains("\"Authorization\":\"****\"").doesNotContain("t0k3n");

        TestSpec edited = specs.build(stored, draft("""
                {"observe": [{"url": "http://127.0.0.1:8888/metrics", "preset": "otelcol", "headers": {"Authorization": "****"}}]}"""));
        assertThat(edited.observe()).hasSize(1);
        assertThat(edited.observe().getFirst().headers().get("Authorization").value()).as("**** keeps the stored value")
                .isEqualTo("Bearer t0k3n");
        assertThatThrownBy(() -> specs.build(stored, draft("""
                {"observe": [{"name": "other", "url": "http://127.0.0.1:8888/metrics", "preset": "otelcol", "headers": {"Authorization": "****"}}]}""")))
                .as("an endpoint of another name has no stored header to keep").isInstanceOf(InvalidTestException.class);
    }

    @Test
    void aDraftChangesOnlyTheFieldsItGives() {
        TestSpec stored = specs.build(null, draft("""
                {"logType": "warn", "logRate": 10, "logSize": 64, "duration": 5, "workers": 2,
                 "destination": {"endpoint": "http://127.0.0.1:9", "apiKey": "s3cret"}}"""));

        TestSpec edited = specs.build(stored, draft("{\"metricsRate\": 3, \"destination\": {\"endpoint\": \"http://127.0.0.1:9\", \"apiKey\": \"****\"}}"));

        assertThat(edited).extracting(TestSpec::logType, TestSpec::logRate, TestSpec::logSize, TestSpec::duration,
                TestSpec::workers, TestSpec::metricsRate).containsExactly("WARN", 10.0, 64, 5, 2, 3.0);
        assertThat(edited.destination().apiKeyValue()).as("a masked secret keeps the stored one").isEqualTo("s3cret");
    }

    @Test
    void aMaskedSecretDoesNotFollowTheDestinationToAnotherHost() {
        TestSpec stored = specs.build(null, draft("""
                {"logRate": 10, "duration": 5, "destination": {"endpoint": "http://127.0.0.1:9", "apiKey": "s3cret",
                 "headers": {"X-Token": "t0ken"}}}"""));

        assertThatThrownBy(() -> specs.build(stored, draft("""
                {"destination": {"endpoint": "http://collector.other:9", "apiKey": "****", "headers": {"X-Token": "****"}}}""")))
                .isInstanceOfSatisfying(InvalidTestException.class, refused -> assertThat(refused.violations())
                        .extracting(Violation::field, Violation::code).containsExactlyInAnyOrder(
                                tuple("destination.apiKey", "secret-required"), tuple("destination.headers.X-Token", "secret-required")));
        assertThatThrownBy(() -> specs.build(stored, draft("{\"destination\": {\"endpoint\": \"http://127.0.0.1:10\", \"apiKey\": \"****\"}}")))
                .as("another port").isInstanceOf(InvalidTestException.class);
        TestSpec moved = specs.build(stored, draft("{\"destination\": {\"endpoint\": \"http://collector.other:9\", \"apiKey\": \"n3w\"}}"));
        assertThat(moved.destination().apiKeyValue()).isEqualTo("n3w");
    }

    @Test
    void listsEveryProblemAtOnce() {
        assertThatThrownBy(() -> specs.build(null, draft("""
                {"logRate": -1, "logSize": 0, "workers": 9, "logType": "LOUD", "batchSize": 1001}""")))
                .isInstanceOfSatisfying(InvalidTestException.class, refused -> assertThat(refused.violations())
                        .extracting(Violation::field, Violation::code).containsExactlyInAnyOrder(
                                tuple("logType", "invalid-log-type"), tuple("logRate", "invalid-rate"),
                                tuple("logSize", "out-of-range"), tuple("duration", "required"),
                                tuple("workers", "out-of-range"), tuple("batchSize", "out-of-range"),
                                tuple("destination", "required")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rate above the cap            | "logRate": 50001                                                | logRate                | cap-exceeded
            nothing to generate           | "logRate": 0                                                    | logRate                | no-signal
            duration above the cap        | "duration": 3601                                                | duration               | cap-exceeded
            stages longer than the test   | "stages": {"logs": [{"duration": 4, "rate": 1}, {"duration": 2, "rate": 5}]} | stages.logs | stages-too-long
            stages of an unknown signal   | "stages": {"profiles": [{"duration": 1, "rate": 1}]}            | stages.profiles        | unknown-signal
            too many stages               | "stages": {"logs": [{"duration": 0, "rate": 1}, {"duration": 0, "rate": 1}, {"duration": 0, "rate": 1}, {"duration": 0, "rate": 1}, {"duration": 0, "rate": 1}, {"duration": 0, "rate": 1}, {"duration": 0, "rate": 1}, {"duration": 0, "rate": 1}, {"duration": 0, "rate": 1}, {"duration": 0, "rate": 1}, {"duration": 0, "rate": 1}]} | stages.logs | cap-exceeded
            entropy above 1               | "payload": {"entropy": 1.5}                                     | payload.entropy        | out-of-range
            a dollar attribute name       | "payload": {"attributes": {"$where": "x"}}                      | payload.attributes     | invalid-text
            latency without percentile    | "thresholds": [{"metric": "latency", "max": 100}]               | thresholds[0].percentile | invalid-threshold
            achievedRatio with a max      | "thresholds": [{"metric": "achievedRatio", "max": 0.9}]         | thresholds[0].min      | invalid-threshold
            error rate above 1            | "thresholds": [{"metric": "errorRate", "max": 2}]               | thresholds[0].max      | out-of-range
            unknown threshold metric      | "thresholds": [{"metric": "joy", "max": 1}]                     | thresholds[0].metric   | invalid-threshold
            a signal the test lacks       | "thresholds": [{"metric": "errorRate", "signal": "metrics", "max": 0.1}] | thresholds[0].signal | unknown-signal
            abort delay past the end      | "thresholds": [{"metric": "errorRate", "max": 0.1, "delayAbortEval": 6}] | thresholds[0].delayAbortEval | out-of-range
            capacity without thresholds   | "capacity": {"signal": "logs", "start": 10, "ceiling": 100, "stepDuration": 2} | thresholds | required
            capacity with factor and step | "capacity": {"signal": "logs", "start": 10, "ceiling": 100, "factor": 2, "increment": 5, "stepDuration": 2}, "thresholds": [{"metric": "errorRate", "max": 0.1}] | capacity.factor | invalid-capacity
            capacity ceiling below start  | "capacity": {"signal": "logs", "start": 10, "ceiling": 5, "stepDuration": 2}, "thresholds": [{"metric": "errorRate", "max": 0.1}] | capacity.ceiling | out-of-range
            capacity step past the test   | "capacity": {"signal": "logs", "start": 10, "ceiling": 100, "stepDuration": 30}, "thresholds": [{"metric": "errorRate", "max": 0.1}] | duration | invalid-capacity
            verify tolerance of 1         | "verify": {"tolerance": 1}                                      | verify.tolerance       | out-of-range
            verify without a query API    | "verify": {}                                                    | verify                 | not-verifiable
            webhook without a url         | "webhook": {"format": "slack"}                                  | webhook.url            | required
            webhook of an unknown format  | "webhook": {"url": "http://127.0.0.1:9", "format": "fax"}      | webhook.format         | invalid-webhook
            a list of webhook events too long | "webhook": {"url": "http://127.0.0.1:9", "events": ["run.completed", "run.completed", "run.completed", "run.completed", "run.completed", "run.completed", "run.completed", "run.completed", "run.completed", "run.completed"]} | webhook.events | cap-exceeded
            a signal the protocol lacks   | "traceRate": 5                                                  | destination.type       | invalid-destination
            observe without a url         | "observe": [{"preset": "otelcol"}]                              | observe[0].url         | required
            observe a file url            | "observe": [{"url": "file:///etc/passwd", "preset": "otelcol"}] | observe[0].url         | invalid-observe
            observe with credentials      | "observe": [{"url": "http://u:p@127.0.0.1:8888/metrics", "preset": "otelcol"}] | observe[0].url | invalid-observe
            observe an unknown preset     | "observe": [{"url": "http://127.0.0.1:8888/metrics", "preset": "kibana"}] | observe[0].preset | invalid-observe
            observe nothing               | "observe": [{"url": "http://127.0.0.1:8888/metrics"}]           | observe[0].series      | required
            observe a bad selector        | "observe": [{"url": "http://127.0.0.1:8888/metrics", "series": ["up{job=a}"]}] | observe[0].series[0] | invalid-series
            observe twice by one name     | "observe": [{"url": "http://127.0.0.1:8888/metrics", "preset": "otelcol"}, {"url": "http://127.0.0.1:9090/metrics", "preset": "otelcol"}] | observe[1].name | invalid-observe
            observe every 0 s             | "observe": [{"url": "http://127.0.0.1:8888/metrics", "preset": "otelcol", "interval": 0}] | observe[0].interval | out-of-range
            observe with a bad header     | "observe": [{"url": "http://127.0.0.1:8888/metrics", "preset": "otelcol", "headers": {"Bad Header": "x"}}] | observe[0].headers | invalid-observe
            observed threshold, no observe | "thresholds": [{"metric": "observed", "series": "otelcol_exporter_queue_size", "max": 5000}] | thresholds[0].metric | invalid-threshold
            observed threshold, no series | "observe": [{"url": "http://127.0.0.1:8888/metrics", "preset": "otelcol"}], "thresholds": [{"metric": "observed", "max": 5000}] | thresholds[0].series | required
            observed threshold, both bounds | "observe": [{"url": "http://127.0.0.1:8888/metrics", "preset": "otelcol"}], "thresholds": [{"metric": "observed", "series": "q", "max": 5, "min": 1}] | thresholds[0].max | invalid-threshold
            observed threshold, bad series | "observe": [{"url": "http://127.0.0.1:8888/metrics", "preset": "otelcol"}], "thresholds": [{"metric": "observed", "series": "q{", "max": 5}] | thresholds[0].series | invalid-series
            series on an error rate       | "thresholds": [{"metric": "errorRate", "max": 0.1, "series": "q"}] | thresholds[0].series | invalid-threshold
            """)
    void refuses(String name, String fields, String field, String code) {
        String json = "{\"logRate\": 10, \"duration\": 5, \"destination\": {\"endpoint\": \"http://127.0.0.1:9\"}, " + fields + "}";

        assertThatThrownBy(() -> specs.build(null, draft(json))).isInstanceOfSatisfying(InvalidTestException.class,
                refused -> assertThat(refused.violations()).extracting(Violation::field, Violation::code).contains(tuple(field, code)));
    }

    @Test
    void fillsTheDefaultsOfThresholdsAndCapacity() {
        TestSpec spec = specs.build(null, draft("""
                {"logRate": 10, "duration": 60, "destination": {"endpoint": "http://127.0.0.1:9"},
                 "thresholds": [{"metric": "errorRate", "max": 0.01}],
                 "capacity": {"signal": "logs", "start": 10, "ceiling": 1000, "stepDuration": 10}}"""));

        assertThat(spec.thresholds().getFirst()).extracting(ThresholdSpec::window, ThresholdSpec::abortOnFail,
                ThresholdSpec::delayAbortEval).containsExactly(10, false, 0);
        assertThat(spec.capacity()).extracting(CapacitySpec::factor, CapacitySpec::warmup, CapacitySpec::precision,
                CapacitySpec::maxSteps).containsExactly(CapacitySpec.DEFAULT_FACTOR, 2, CapacitySpec.DEFAULT_PRECISION,
                        CapacitySpec.DEFAULT_MAX_STEPS);
    }

    @Test
    void checksIdsWithoutASpec() {
        assertThatThrownBy(() -> TestSpecs.checkTestId("../etc/passwd")).isInstanceOf(InvalidTestException.class);
        assertThatThrownBy(() -> TestSpecs.checkTestId("x".repeat(129))).isInstanceOf(InvalidTestException.class);
        TestSpecs.checkTestId("a-1.b_c:d");
    }

    private static TestDraft draft(String json) {
        return JSON.readValue(json, TestDraft.class);
    }

    /** Stands in for the HTTP protocol, without its transport: it carries logs and metrics, not traces. */
    static final class LogsAndMetricsOnly implements Protocol<HttpJsonDestination> {

        @Override
        public String type() {
            return "http";
        }

        @Override
        public Class<HttpJsonDestination> destinationType() {
            return HttpJsonDestination.class;
        }

        @Override
        public Set<Signal> signals() {
            return Set.of(Signal.LOGS, Signal.METRICS);
        }

        @Override
        public List<DestinationProblem> check(HttpJsonDestination destination) {
            return List.of();
        }

        @Override
        public int defaultPort() {
            return 80;
        }

        @Override
        public Channel open(HttpJsonDestination destination, Signal signal, ChannelSettings settings) {
            throw new UnsupportedOperationException("the validator never opens a channel");
        }
    }
}
