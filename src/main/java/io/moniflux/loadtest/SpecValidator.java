package io.moniflux.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.moniflux.delivery.DeliveryCatalog;
import io.moniflux.delivery.Destination;
import io.moniflux.delivery.DestinationProblem;

/**
 * Turns a draft into a complete {@link TestSpec}: the draft's fields over the stored definition (or
 * the defaults), then every rule checked at once so that one answer lists every problem.
 */
class SpecValidator {

    static final Set<String> LOG_TYPES = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "MIXED");
    private static final Pattern TEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final int MAX_TEXT = 256;
    private static final Set<String> SIGNALS = Set.of("logs", "metrics", "traces");

    private final LoadTestLimits limits;
    private final DeliveryCatalog catalog;

    SpecValidator(LoadTestLimits limits, DeliveryCatalog catalog) {
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

    /** Merges {@code draft} over {@code base} (null for a new test) and validates the result. */
    TestSpec merge(TestSpec base, TestDraft draft) {
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
        } else if (duration < 1 || duration > limits.maxDuration()) {
            violations.add(new Violation("duration", "out-of-range",
                    "duration must be between 1 and " + limits.maxDuration() + " seconds, not " + duration));
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
        TestSpec spec = new TestSpec(logType, logRate, logSize, metricsRate, traceRate, duration, destination, workers,
                batchSize, stages, payload, maxInFlight);
        if (spec.signals().isEmpty() && violations.stream().noneMatch(v -> v.field().endsWith("Rate") || v.field().startsWith("stages"))) {
            violations.add(new Violation("logRate", "no-signal",
                    "a test must generate something: set logRate, metricsRate or traceRate above 0"));
        }
        if (destination != null && violations.stream().noneMatch(v -> v.field().startsWith("destination"))) {
            for (DestinationProblem problem : catalog.check(destination, spec.signals())) {
                violations.add(new Violation(problem.field(), "invalid-destination", problem.message()));
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
        text("destination.name", given.name(), violations);
        text("destination.type", given.type(), violations);
        String apiKey = given.apiKeyValue();
        if (TestDraft.MASKED_SECRET.equals(apiKey)) {
            apiKey = stored == null ? null : stored.apiKeyValue();
        } else if (apiKey != null && (apiKey.length() > 4096 || apiKey.chars().anyMatch(Character::isISOControl))) {
            violations.add(new Violation("destination.apiKey", "invalid-api-key",
                    "apiKey must be at most 4096 characters without control characters"));
        }
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>(given.headers());
        headers.replaceAll((name, value) -> TestDraft.MASKED_SECRET.equals(value) && stored != null
                && stored.headers().containsKey(name) ? stored.headers().get(name) : value);
        for (String text : new String[] {given.tenant(), given.index(), given.appName(), given.database(), given.org(),
                given.bucket(), given.encoding(), given.transport(), given.compression()}) {
            text("destination", text, violations);
        }
        given.resourceAttributes().forEach((key, value) -> {
            key("destination.resourceAttributes", key, violations);
            text("destination.resourceAttributes", value, violations);
        });
        if (given.resourceAttributes().size() > 64) {
            violations.add(new Violation("destination.resourceAttributes", "out-of-range", "at most 64 resource attributes"));
        }
        Destination merged = new Destination(given.name(), given.type(), given.endpoint(), given.port(), given.apiKey(),
                headers, given.compression(), given.tls(), given.tenant(), given.index(), given.encoding(),
                given.transport(), given.facility(), given.appName(), given.resourceAttributes(), given.database(),
                given.org(), given.bucket(), given.rotation());
        return merged.withApiKey(apiKey == null || apiKey.isEmpty() ? null : new io.moniflux.delivery.Secret(apiKey));
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
                violations.add(new Violation(field, "out-of-range", field + " has more than " + limits.maxStages() + " stages"));
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

    private void checkPayload(Payload payload, List<Violation> violations) {
        if (payload == null) {
            return;
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

    private double rate(String field, double value, List<Violation> violations) {
        if (!Double.isFinite(value) || value < 0) {
            violations.add(new Violation(field, "invalid-rate", field + " must be a number of events per second, 0 or more"));
            return 0;
        }
        if (value > limits.maxRate()) {
            violations.add(new Violation(field, "out-of-range",
                    field + " must be at most " + limits.maxRate() + " events per second, not " + value));
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
