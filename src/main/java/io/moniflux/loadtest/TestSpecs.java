package io.moniflux.loadtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.moniflux.delivery.DeliveryCatalog;
import io.moniflux.delivery.Destination;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Secret;
import io.moniflux.telemetry.Churn;
import io.moniflux.telemetry.LogShape;
import io.moniflux.telemetry.MetricKind;

/**
 * Turns a draft into a complete {@link TestSpec}: the draft's fields over the stored definition (or
 * the defaults), then every rule checked at once so that one answer lists every problem.
 */
class TestSpecs {

    static final Set<String> LOG_TYPES = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "MIXED");
    private static final Pattern TEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final int MAX_TEXT = 256;
    static final Set<String> SIGNALS = Set.of("logs", "metrics", "traces");

    private final LoadTestLimits limits;
    private final DeliveryCatalog catalog;

    TestSpecs(LoadTestLimits limits, DeliveryCatalog catalog) {
        this.limits = limits;
        this.catalog = catalog;
    }

    static void checkTestId(String testID) {
        if (testID == null || !TEST_ID.matcher(testID).matches()) {
            throw new InvalidTestException("testID", "invalid-test-id",
                    "testID must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
        }
    }

    static String checkUserId(String userID, List<Violation> violations) {
        if (userID == null || userID.isBlank()) {
            return null;
        }
        if (userID.length() > MAX_TEXT || userID.chars().anyMatch(Character::isISOControl)) {
            violations.add(new Violation("userID", "invalid-user-id",
                    "userID must be at most " + MAX_TEXT + " characters without control characters"));
        }
        return userID.strip();
    }

    /** Builds the spec a draft asks for over {@code base} (null for a new test), with every rule checked. */
    TestSpec build(TestSpec base, TestDraft draft) {
        List<Violation> violations = new ArrayList<>();

        String logType = pick(draft.logType(), base == null ? "INFO" : base.logType());
        logType = logType.strip().toUpperCase(Locale.ROOT);
        if (!LOG_TYPES.contains(logType)) {
            violations.add(new Violation("logType", "invalid-log-type",
                    "logType must be one of " + String.join(", ", LOG_TYPES.stream().sorted().toList())));
        }
        double logRate = rate("logRate", pick(draft.logRate(), base == null ? 0.0 : base.logRate()), violations);
        double metricsRate = rate("metricsRate", pick(draft.metricsRate(), base == null ? 0.0 : base.metricsRate()), violations);
        double traceRate = rate("traceRate", pick(draft.traceRate(), base == null ? 0.0 : base.traceRate()), violations);

        int logSize = pick(draft.logSize(), base == null ? limits.defaultLogSize() : base.logSize());
        if (logSize < 1 || logSize > limits.maxLogSize()) {
            violations.add(new Violation("logSize", "out-of-range",
                    "logSize must be between 1 and " + limits.maxLogSize() + " bytes, not " + logSize));
        }

        Integer duration = pick(draft.duration(), base == null ? null : base.duration());
        if (duration == null) {
            violations.add(new Violation("duration", "required", "duration (seconds) is required"));
            duration = 0;
        } else if (duration < 1) {
            violations.add(new Violation("duration", "out-of-range", "duration must be 1 second or more, not " + duration));
        } else if (duration > limits.maxDuration()) {
            violations.add(new Violation("duration", "cap-exceeded", "duration " + duration + " s is over the cap of "
                    + limits.maxDuration() + " seconds per test (MONIFLUX_LIMITS_MAX_DURATION)"));
        }

        int workers = pick(draft.workers(), base == null ? 1 : base.workers());
        if (workers < 1 || workers > limits.maxWorkers()) {
            violations.add(new Violation("workers", "out-of-range",
                    "workers must be between 1 and " + limits.maxWorkers() + ", not " + workers));
        }
        Integer batchSize = pick(draft.batchSize(), base == null ? null : base.batchSize());
        if (batchSize != null && (batchSize < 1 || batchSize > limits.maxBatchSize())) {
            violations.add(new Violation("batchSize", "out-of-range",
                    "batchSize must be between 1 and " + limits.maxBatchSize() + ", not " + batchSize));
        }

        Integer maxInFlight = pick(draft.maxInFlight(), base == null ? null : base.maxInFlight());
        if (maxInFlight != null && (maxInFlight < 1 || maxInFlight > limits.maxInFlight())) {
            violations.add(new Violation("maxInFlight", "out-of-range",
                    "maxInFlight must be between 1 and " + limits.maxInFlight() + ", not " + maxInFlight));
        }
        Map<String, List<RateStage>> stages = pick(draft.stages(), base == null ? null : base.stages());
        checkStages(stages, duration, violations);
        Payload payload = pick(draft.payload(), base == null ? null : base.payload());
        checkPayload(payload, violations);

        Destination destination = destination(base == null ? null : base.destination(), draft.destination(), violations);
        List<ThresholdSpec> given = pick(draft.thresholds(), base == null ? null : base.thresholds());
        List<ObserveSpec> observe = new ObserveRules(catalog).check(draft.observe(), base == null ? null : base.observe(), violations);
        boolean observes = !observe.isEmpty() || draft.observe() != null && !draft.observe().isEmpty();
        List<ThresholdSpec> thresholds = ThresholdRules.check(given, duration, observes, violations);
        CapacitySpec capacity = new CapacityRules(limits).check(pick(draft.capacity(), base == null ? null : base.capacity()), thresholds,
                duration, workers, stages, violations);
        VerifySpec verify = checkVerify(pick(draft.verify(), base == null ? null : base.verify()), destination, violations);
        WebhookSpec webhook = checkWebhook(draft.webhook(), base == null ? null : base.webhook(), violations);
        TestSpec spec = new TestSpec(logType, logRate, logSize, metricsRate, traceRate, duration, destination, workers,
                batchSize, stages, payload, maxInFlight, thresholds, capacity, verify, webhook, observe);
        for (int i = 0; given != null && i < given.size() && i < ThresholdRules.MAX_THRESHOLDS; i++) {
            String signal = given.get(i) == null ? null : given.get(i).signal();
            if (signal != null && SIGNALS.contains(signal) && spec.signals().stream().noneMatch(s -> s.key().equals(signal))) {
                violations.add(new Violation("thresholds[" + i + "].signal", "unknown-signal",
                        "thresholds[" + i + "] judges " + signal + ", which this test does not generate"));
            }
        }
        if (spec.signals().isEmpty() && violations.stream().noneMatch(v -> v.field().endsWith("Rate") || v.field().startsWith("stages"))) {
            violations.add(new Violation("logRate", "no-signal",
                    "a test must generate something: set logRate, metricsRate or traceRate above 0"));
        }
        if (destination != null && violations.stream().noneMatch(v -> v.field().startsWith("destination"))) {
            for (DestinationProblem problem : catalog.check(destination, spec.signals(), Payload.metricKindsOf(payload))) {
                violations.add(new Violation(problem.field(), problem.code(), problem.message()));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidTestException(violations);
        }
        return spec;
    }

    private Destination destination(Destination stored, Destination given, List<Violation> violations) {
        if (given == null) {
            if (stored == null) {
                violations.add(new Violation("destination", "required", "destination is required"));
            }
            return stored;
        }
        catalog.secretsElsewhere(given, stored)
                .forEach(problem -> violations.add(new Violation(problem.field(), problem.code(), problem.message())));
        return catalog.keepSecrets(given, stored);
    }

    private void checkStages(Map<String, List<RateStage>> stages, int duration, List<Violation> violations) {
        if (stages == null) {
            return;
        }
        for (Map.Entry<String, List<RateStage>> entry : stages.entrySet()) {
            String field = "stages." + entry.getKey();
            if (!SIGNALS.contains(entry.getKey())) {
                violations.add(new Violation(field, "unknown-signal", "stages are given per signal: logs, metrics or traces"));
                continue;
            }
            List<RateStage> list = entry.getValue() == null ? List.of() : entry.getValue();
            if (list.size() > limits.maxStages()) {
                violations.add(new Violation(field, "cap-exceeded", field + " has " + list.size() + " stages; the cap is "
                        + limits.maxStages() + " stages per signal (MONIFLUX_LIMITS_MAX_STAGES)"));
            }
            double total = 0;
            for (int i = 0; i < list.size(); i++) {
                RateStage stage = list.get(i);
                if (stage == null || !Double.isFinite(stage.duration()) || stage.duration() < 0) {
                    violations.add(new Violation(field + "[" + i + "].duration", "invalid-duration",
                            "a stage's duration is a number of seconds, 0 or more"));
                    continue;
                }
                total += stage.duration();
                rate(field + "[" + i + "].rate", stage.rate(), violations);
            }
            if (total > duration && duration > 0) {
                violations.add(new Violation(field, "stages-too-long",
                        field + " last " + total + " s, longer than the test's duration of " + duration + " s"));
            }
        }
    }

    /** Churn, log bodies and trace shapes: each value in its range, each name one that exists. */
    private void checkShapes(Payload payload, List<Violation> violations) {
        if (payload.churn() != null) {
            if (payload.churn().mode() != null && !Churn.MODES.contains(payload.churn().mode())) {
                violations.add(new Violation("payload.churn.mode", "invalid-payload", "payload.churn.mode must be one of "
                        + String.join(", ", Churn.MODES)));
            }
            if (payload.churn().period() != null && (payload.churn().period() < 1 || payload.churn().period() > 86_400)) {
                violations.add(new Violation("payload.churn.period", "out-of-range", "payload.churn.period must be 1 to 86400 seconds"));
            }
        }
        Payload.LogsSpec logs = payload.logs();
        if (logs != null) {
            if (logs.format() != null && !LogShape.FORMATS.contains(logs.format())) {
                violations.add(new Violation("payload.logs.format", "invalid-payload", "payload.logs.format must be one of "
                        + String.join(", ", LogShape.FORMATS)));
            }
            ratio("payload.logs.stackTraceRatio", logs.stackTraceRatio(), violations);
            if (logs.severity() != null) {
                double total = 0;
                for (Map.Entry<String, Double> weight : logs.severity().entrySet()) {
                    if (!LOG_TYPES.contains(weight.getKey()) || weight.getKey().equals("MIXED")) {
                        violations.add(new Violation("payload.logs.severity", "invalid-log-type", "payload.logs.severity names levels "
                                + "(TRACE, DEBUG, INFO, WARN, ERROR, FATAL), not " + printable(weight.getKey())));
                    } else if (weight.getValue() == null || !Double.isFinite(weight.getValue()) || weight.getValue() < 0) {
                        violations.add(new Violation("payload.logs.severity." + weight.getKey(), "out-of-range",
                                "a level's weight is a number, 0 or more"));
                    } else {
                        total += weight.getValue();
                    }
                }
                if (!logs.severity().isEmpty() && total <= 0) {
                    violations.add(new Violation("payload.logs.severity", "out-of-range", "payload.logs.severity needs a weight above 0"));
                }
            }
            if (logs.templates() != null) {
                for (int i = 0; i < logs.templates().size(); i++) {
                    String template = logs.templates().get(i);
                    String field = "payload.logs.templates[" + i + "]";
                    if (template == null || template.isEmpty() || template.length() > 1024 || !template.matches("[ -~]*")) {
                        violations.add(new Violation(field, "invalid-text", field + " must be 1 to 1024 printable ASCII characters"));
                        continue;
                    }
                    Matcher variable = Pattern.compile("\\{([^}]*)}").matcher(template);
                    while (variable.find()) {
                        if (!LogShape.VARIABLES.contains(variable.group(1))) {
                            violations.add(new Violation(field, "invalid-payload", field + " uses {" + printable(variable.group(1))
                                    + "}; the variables are " + LogShape.VARIABLES.stream().map(v -> "{" + v + "}").collect(Collectors.joining(", "))));
                        }
                    }
                }
            }
        }
        Payload.TracesSpec traces = payload.traces();
        if (traces != null) {
            if ((traces.depth() == null) != (traces.breadth() == null)) {
                violations.add(new Violation("payload.traces.depth", "invalid-payload", "give payload.traces.depth and breadth together"));
            } else if (traces.depth() != null) {
                if (traces.depth() < 1 || traces.depth() > 10 || traces.breadth() < 1 || traces.breadth() > 10) {
                    violations.add(new Violation("payload.traces.depth", "out-of-range", "payload.traces.depth and breadth must be 1 to 10"));
                } else if (spansPerTrace(traces.depth(), traces.breadth()) > 10_000) {
                    violations.add(new Violation("payload.traces.depth", "out-of-range", "a trace of depth " + traces.depth()
                            + " and breadth " + traces.breadth() + " has " + spansPerTrace(traces.depth(), traces.breadth())
                            + " spans; at most 10000"));
                }
            }
            ratio("payload.traces.errorRatio", traces.errorRatio(), violations);
            ratio("payload.traces.linkRatio", traces.linkRatio(), violations);
            if (traces.spanEvents() != null && (!Double.isFinite(traces.spanEvents()) || traces.spanEvents() < 0 || traces.spanEvents() > 10)) {
                violations.add(new Violation("payload.traces.spanEvents", "out-of-range", "payload.traces.spanEvents must be 0 to 10"));
            }
        }
    }

    static long spansPerTrace(int depth, int breadth) {
        long spans = 0;
        long level = 1;
        for (int i = 0; i <= depth; i++) {
            spans += level;
            level *= breadth;
        }
        return spans;
    }

    private static void ratio(String field, Double value, List<Violation> violations) {
        if (value != null && (!Double.isFinite(value) || value < 0 || value > 1)) {
            violations.add(new Violation(field, "out-of-range", field + " must be between 0 and 1"));
        }
    }

    private static String printable(String text) {
        return text == null ? "null" : text.replaceAll("[^ -~]", "?");
    }

    private void checkPayload(Payload payload, List<Violation> violations) {
        if (payload == null) {
            return;
        }
        checkShapes(payload, violations);
        if (payload.metricKinds() != null) {
            for (int i = 0; i < payload.metricKinds().size(); i++) {
                String key = payload.metricKinds().get(i);
                if (key == null || MetricKind.ofKey(key).isEmpty()) {
                    violations.add(new Violation("payload.metricKinds[" + i + "]", "unknown-metric-kind",
                            "payload.metricKinds[" + i + "] is '" + key + "'; the kinds are " + Arrays.stream(MetricKind.values())
                                    .map(MetricKind::key).collect(Collectors.joining(", "))));
                }
            }
        }
        if (payload.entropy() != null && (!Double.isFinite(payload.entropy()) || payload.entropy() < 0 || payload.entropy() > 1)) {
            violations.add(new Violation("payload.entropy", "out-of-range", "payload.entropy must be between 0 and 1"));
        }
        if (payload.cardinality() != null && (payload.cardinality() < 1 || payload.cardinality() > limits.maxCardinality())) {
            violations.add(new Violation("payload.cardinality", "out-of-range",
                    "payload.cardinality must be between 1 and " + limits.maxCardinality()));
        }
        if (payload.attributes() != null) {
            if (payload.attributes().size() > 64) {
                violations.add(new Violation("payload.attributes", "out-of-range", "payload.attributes has more than 64 entries"));
            }
            payload.attributes().forEach((key, value) -> {
                key("payload.attributes", key, violations);
                if (key == null || key.isBlank() || value == null) {
                    violations.add(new Violation("payload.attributes", "invalid-text", "attribute names and values must not be empty"));
                } else {
                    text("payload.attributes." + key, value, violations);
                }
            });
        }
    }

    private VerifySpec checkVerify(VerifySpec verify, Destination destination, List<Violation> violations) {
        if (verify == null) {
            return null;
        }
        if (verify.settle() != null && (verify.settle() < 0 || verify.settle() > 600)) {
            violations.add(new Violation("verify.settle", "out-of-range", "verify.settle must be 0 to 600 seconds"));
        }
        if (verify.tolerance() != null && (!Double.isFinite(verify.tolerance()) || verify.tolerance() < 0 || verify.tolerance() >= 1)) {
            violations.add(new Violation("verify.tolerance", "out-of-range",
                    "verify.tolerance is the share of events that may be missing: 0 or more, below 1 (0.001 = 0.1 %)"));
        }
        if (verify.api() != null && !verify.api().equals("prometheus")) {
            violations.add(new Violation("verify.api", "invalid-verify", "verify.api is 'prometheus' (a VictoriaMetrics behind an influx destination) or absent"));
        }
        if (destination != null && destination.type() != null && catalog.find(destination.type()).isPresent()
                && catalog.verifier(destination.type()).isEmpty()) {
            violations.add(new Violation("verify", "not-verifiable", "destination type '" + destination.type()
                    + "' has no query API to verify against; verify works with " + String.join(", ", catalog.verifiableTypes())));
        }
        if (verify.endpoint() != null) {
            catalog.checkUrl("verify.endpoint", verify.endpoint())
                    .ifPresent(problem -> violations.add(new Violation(problem.field(), "invalid-verify", problem.message())));
        }
        return verify;
    }

    private WebhookSpec checkWebhook(WebhookSpec given, WebhookSpec stored, List<Violation> violations) {
        if (given == null) {
            return stored;
        }
        String url = given.url() == null ? null : given.url().value();
        if (TestDraft.MASKED_SECRET.equals(url)) {
            url = stored == null || stored.url() == null ? null : stored.url().value();
        }
        if (url == null || url.isBlank()) {
            violations.add(new Violation("webhook.url", "required", "webhook.url is required"));
        } else {
            catalog.checkUrl("webhook.url", url)
                    .ifPresent(problem -> violations.add(new Violation(problem.field(), "invalid-webhook", problem.message())));
        }
        if (given.format() != null && !List.of("json", "slack").contains(given.format())) {
            violations.add(new Violation("webhook.format", "invalid-webhook", "webhook.format must be json or slack"));
        }
        if (given.events() != null && given.events().size() > WebhookSpec.EVENTS.size()) {
            violations.add(new Violation("webhook.events", "cap-exceeded", "webhook.events lists at most "
                    + WebhookSpec.EVENTS.size() + " events (" + String.join(", ", WebhookSpec.EVENTS) + "), not " + given.events().size()));
        } else if (given.events() != null) {
            for (String event : given.events()) {
                if (!WebhookSpec.EVENTS.contains(event)) {
                    violations.add(new Violation("webhook.events", "invalid-webhook",
                            "webhook.events may hold " + String.join(", ", WebhookSpec.EVENTS) + "; not '" + event + "'"));
                }
            }
        }
        return new WebhookSpec(url == null ? null : new Secret(url), given.format(), given.events());
    }

    private double rate(String field, double value, List<Violation> violations) {
        if (!Double.isFinite(value) || value < 0) {
            violations.add(new Violation(field, "invalid-rate", field + " must be a number of events per second, 0 or more"));
            return 0;
        }
        if (value > limits.maxRate()) {
            violations.add(new Violation(field, "cap-exceeded", field + " " + value + " is over the cap of " + limits.maxRate()
                    + " events per second per signal of a test (MONIFLUX_LIMITS_MAX_RATE)"));
        }
        return value;
    }

    /** A map key must also not start with '$', which MongoDB reserves, nor hold the stored dot stand-in. */
    private static void key(String field, String key, List<Violation> violations) {
        text(field, key, violations);
        if (key != null && (key.startsWith("$") || key.contains("\uFF0E"))) {
            violations.add(new Violation(field, "invalid-text", field + " names must not start with '$' or contain '\uFF0E'"));
        }
    }

    private static void text(String field, String value, List<Violation> violations) {
        if (value != null && (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl))) {
            violations.add(new Violation(field, "invalid-text",
                    field + " must be at most " + MAX_TEXT + " characters without control characters"));
        }
    }

    private static <T> T pick(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
