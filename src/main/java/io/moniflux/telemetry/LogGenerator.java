package io.moniflux.telemetry;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Log records whose body is exactly {@code logSize} bytes (a stack trace is as long as it is), drawn
 * from pools built at the stream's first event from varied templates, in the format the payload asks
 * for, so that generation costs almost nothing per event. Entropy decides how much the bodies differ:
 * at 0 every body of a level is the same; at 1 every placeholder and every padding character is
 * random. Levels follow the payload's weights, or the test's logType.
 */
public final class LogGenerator implements Generator<LogEvent> {

    private static final String[] TEMPLATES = {
            "%m %r completed with status %s in %n ms",
            "user %t logged in from 10.%d.%d.%d",
            "payment %t authorized for %n.%d EUR",
            "cache miss for key %w:%t, fetching from %v",
            "retrying call to %v (attempt %d of 5): connection reset by peer",
            "processed batch %t with %n records in %n ms",
            "slow query on table %b took %n ms",
            "session %t expired after %n s of inactivity",
            "consumer group %w-%t rebalanced: %d partitions assigned",
            "health check of %v returned %s",
            "request %t to %r rejected: rate limit of %n per minute exceeded",
            "flushed %n %w entries to disk in %n ms"};
    private static final String[] MIXED_LEVELS = {"INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO",
            "INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "DEBUG", "DEBUG", "DEBUG", "WARN", "WARN", "ERROR"};
    private static final String FILLER = " lorem ipsum dolor sit amet consectetur adipiscing elit";
    // distinct bodies per stream: enough variety for parsers and compressors, little enough memory for
    // hundreds of concurrent tests
    private static final int POOL_BYTES = 4 * 1024 * 1024;
    private static final int MAX_POOL = 256;

    private final String[] levels;
    private final double[] cumulativeWeights;
    private final LogShape shape;
    private final int logSize;
    private final double entropy;
    private final List<Attributes> attributeSets;
    private final SplittableRandom random;
    private Map<String, String[]> pools;
    private String[] stackTraces;

    public LogGenerator(String logType, int logSize, PayloadOptions options, RunMarker marker) {
        this.random = Vocabulary.random(options, marker, Signal.LOGS);
        this.shape = options.logs();
        this.logSize = logSize;
        this.entropy = options.entropy();
        if (!shape.severities().isEmpty()) {
            levels = shape.severities().keySet().stream().sorted().toArray(String[]::new);
            cumulativeWeights = new double[levels.length];
            double total = 0;
            for (int i = 0; i < levels.length; i++) {
                total += shape.severities().get(levels[i]);
                cumulativeWeights[i] = total;
            }
        } else {
            levels = "MIXED".equals(logType) ? MIXED_LEVELS : new String[] {logType};
            cumulativeWeights = null;
        }
        this.attributeSets = attributeSets(options, random);
    }

    @Override
    public LogEvent next(long seq, long epochNanos) {
        if (pools == null) {
            pools(Instant.ofEpochSecond(0, epochNanos));
        }
        Attributes attributes = attributeSets.get(random.nextInt(attributeSets.size()));
        if (shape.stackTraceRatio() > 0 && random.nextDouble() < shape.stackTraceRatio()) {
            return new LogEvent(epochNanos, "ERROR", stackTraces[random.nextInt(stackTraces.length)],
                    attributes.get("service.name"), attributes.get("host.name"), attributes, seq);
        }
        String severity = level();
        String[] pool = pools.get(severity);
        return new LogEvent(epochNanos, severity, pool[random.nextInt(pool.length)],
                attributes.get("service.name"), attributes.get("host.name"), attributes, seq);
    }

    private String level() {
        if (cumulativeWeights == null) {
            return levels.length == 1 ? levels[0] : levels[random.nextInt(levels.length)];
        }
        double draw = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        for (int i = 0; i < levels.length; i++) {
            if (draw < cumulativeWeights[i]) {
                return levels[i];
            }
        }
        return levels[levels.length - 1];
    }

    /**
     * The bodies, built once at the stream's first event, so that generation costs almost nothing per
     * event: a pool per level (structured formats name the level), and stack traces.
     */
    private void pools(Instant start) {
        LogBodies bodies = new LogBodies(random, start);
        String[] distinct = Arrays.stream(levels).distinct().toArray(String[]::new);
        int poolSize = entropy == 0 ? 1 : Math.clamp(POOL_BYTES / Math.max(1, logSize) / distinct.length, 4, MAX_POOL);
        pools = new LinkedHashMap<>();
        for (String level : distinct) {
            String[] pool = new String[poolSize];
            for (int i = 0; i < poolSize; i++) {
                String service = Vocabulary.pick(Vocabulary.SERVICES, random);
                String message = message(logSize, entropy);
                pool[i] = shape.format().equals("text") ? message : bodies.body(shape.format(), level, service, message, logSize);
            }
            pools.put(level, pool);
        }
        if (shape.stackTraceRatio() > 0) {
            stackTraces = new String[16];
            for (int i = 0; i < stackTraces.length; i++) {
                stackTraces[i] = bodies.stackTrace(shape.format(), Vocabulary.pick(Vocabulary.SERVICES, random));
            }
        }
    }

    private String message(int size, double entropy) {
        if (!shape.templates().isEmpty()) {
            return padded(template(shape.templates().get(entropy == 0 ? 0 : random.nextInt(shape.templates().size())), entropy),
                    size, entropy);
        }
        String template = entropy == 0 ? TEMPLATES[0] : TEMPLATES[random.nextInt(TEMPLATES.length)];
        StringBuilder text = new StringBuilder(size + 64);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%' || i + 1 == template.length()) {
                text.append(c);
                continue;
            }
            boolean vary = random.nextDouble() < entropy;
            char kind = template.charAt(++i);
            text.append(switch (kind) {
                case 'm' -> vary ? Vocabulary.pick(Vocabulary.METHODS, random) : "GET";
                case 'r' -> vary ? Vocabulary.pick(Vocabulary.ROUTES, random) : "/api/v1/orders";
                case 's' -> vary ? Vocabulary.pick(Vocabulary.STATUSES, random) : "200";
                case 'n' -> vary ? Integer.toString(1 + random.nextInt(2000)) : "42";
                case 'd' -> vary ? Integer.toString(random.nextInt(256)) : "1";
                case 't' -> vary ? Vocabulary.token(random, 8 + random.nextInt(9)) : "a1b2c3d4";
                case 'w' -> vary ? Vocabulary.pick(Vocabulary.WORDS, random) : "request";
                case 'v' -> vary ? Vocabulary.pick(Vocabulary.SERVICES, random) : "inventory";
                case 'b' -> vary ? Vocabulary.pick(Vocabulary.TABLES, random) : "orders";
                default -> String.valueOf(kind);
            });
        }
        return padded(text.toString(), size, entropy);
    }

    /** A user's template with its {@code {variables}} filled in; a variable keeps one value at entropy 0. */
    private String template(String template, double entropy) {
        StringBuilder text = new StringBuilder(template.length() + 32);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (open < 0 || close < 0) {
                text.append(template, i, template.length());
                break;
            }
            text.append(template, i, open);
            String name = template.substring(open + 1, close);
            boolean vary = random.nextDouble() < entropy;
            text.append(switch (name) {
                case "user" -> vary ? "user" + random.nextInt(10_000) : "user42";
                case "ip" -> vary ? "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) : "10.0.0.1";
                case "route" -> vary ? Vocabulary.pick(Vocabulary.ROUTES, random) : "/api/v1/orders";
                case "status" -> vary ? Vocabulary.pick(Vocabulary.STATUSES, random) : "200";
                case "method" -> vary ? Vocabulary.pick(Vocabulary.METHODS, random) : "GET";
                case "int" -> vary ? Integer.toString(random.nextInt(100_000)) : "42";
                case "duration" -> vary ? (1 + random.nextInt(2000)) + "ms" : "12ms";
                case "id" -> vary ? Vocabulary.hexId(random, 8) : "00f067aa0ba902b7";
                case "word" -> vary ? Vocabulary.pick(Vocabulary.WORDS, random) : "request";
                case "service" -> vary ? Vocabulary.pick(Vocabulary.SERVICES, random) : "checkout";
                default -> "{" + name + "}";
            });
            i = close + 1;
        }
        return text.toString();
    }

    /** The text cut or padded (with filler, random at high entropy) to exactly {@code size} bytes. */
    private String padded(String message, int size, double entropy) {
        StringBuilder text = new StringBuilder(Math.max(size, message.length()) + 2).append(message);
        if (text.length() < size) {
            text.append(" |");
        }
        int filler = 0;
        while (text.length() < size) {
            if (random.nextDouble() < entropy) {
                text.append(random.nextInt(3) == 0 ? ' ' : Vocabulary.token(random, 1).charAt(0));
            } else {
                text.append(FILLER.charAt(filler++ % FILLER.length()));
            }
        }
        text.setLength(size);
        String padded = text.toString();
        assert padded.getBytes(StandardCharsets.UTF_8).length == size;
        return padded;
    }

    static List<Attributes> attributeSets(PayloadOptions options, SplittableRandom random) {
        int count = Math.max(1, options.cardinality());
        List<Attributes> sets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("service.name", Vocabulary.SERVICES[i % Vocabulary.SERVICES.length]);
            attributes.put("host.name", "node-" + (i / Vocabulary.SERVICES.length) % 64 + "-" + Vocabulary.token(random, 4));
            attributes.put("deployment.environment", Vocabulary.ENVIRONMENTS[i % Vocabulary.ENVIRONMENTS.length]);
            attributes.put("cloud.region", Vocabulary.REGIONS[(i / 2) % Vocabulary.REGIONS.length]);
            attributes.putAll(options.attributes());
            sets.add(new Attributes(attributes));
        }
        return List.copyOf(sets);
    }
}
