package io.moniflux.telemetry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Log records whose message is exactly {@code logSize} bytes, drawn from a pool built at the start
 * of the stream from varied templates, so that generation costs almost nothing per event. Entropy
 * decides how much the bodies differ: at 0 every body is the same; at 1 every placeholder and every
 * padding character is random.
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

    private final String level;
    private final String[] messages;
    private final List<Attributes> attributeSets;
    private final SplittableRandom random;

    public LogGenerator(String logType, int logSize, PayloadOptions options, RunMarker marker) {
        this.random = Vocabulary.random(options, marker, Signal.LOGS);
        this.level = "MIXED".equals(logType) ? null : logType;
        int poolSize = options.entropy() == 0 ? 1 : Math.clamp(POOL_BYTES / Math.max(1, logSize), 4, MAX_POOL);
        this.messages = new String[poolSize];
        for (int i = 0; i < poolSize; i++) {
            messages[i] = message(logSize, options.entropy());
        }
        this.attributeSets = attributeSets(options, random);
    }

    @Override
    public LogEvent next(long seq, long epochNanos) {
        Attributes attributes = attributeSets.get(random.nextInt(attributeSets.size()));
        String severity = level != null ? level : MIXED_LEVELS[random.nextInt(MIXED_LEVELS.length)];
        return new LogEvent(epochNanos, severity, messages[random.nextInt(messages.length)],
                attributes.get("service.name"), attributes.get("host.name"), attributes, seq);
    }

    private String message(int size, double entropy) {
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
        String message = text.toString();
        assert message.getBytes(StandardCharsets.UTF_8).length == size;
        return message;
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
