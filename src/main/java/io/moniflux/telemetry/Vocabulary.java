package io.moniflux.telemetry;

import java.util.SplittableRandom;

/** Words that make generated telemetry look like a real system's. */
final class Vocabulary {

    static final String[] SERVICES = {"frontend", "checkout", "cart", "payment", "inventory", "search", "auth",
            "shipping", "recommendation", "notification", "catalog", "pricing"};
    static final String[] REGIONS = {"eu-west-1", "us-east-1", "us-west-2", "ap-southeast-1"};
    static final String[] ENVIRONMENTS = {"production", "staging"};
    static final String[] ROUTES = {"/api/v1/orders", "/api/v1/cart", "/api/v1/products", "/api/v1/users",
            "/api/v1/payments", "/api/v1/search", "/healthz", "/api/v1/shipping/quote"};
    static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    static final String[] STATUSES = {"200", "200", "200", "200", "201", "204", "400", "404", "500", "503"};
    static final String[] TABLES = {"orders", "users", "payments", "products", "sessions", "inventory"};
    static final String[] QUEUES = {"orders", "emails", "payments", "indexing"};
    static final String[] RPC_METHODS = {"GetOrder", "ListOrders", "PlaceOrder", "GetUser", "Authorize", "Quote"};
    static final String[] WORDS = {"request", "handler", "upstream", "retry", "timeout", "cache", "session", "token",
            "batch", "record", "partition", "offset", "consumer", "replica", "shard", "lease", "checkpoint", "buffer"};
    private static final char[] ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Vocabulary() {
    }

    static String pick(String[] words, SplittableRandom random) {
        return words[random.nextInt(words.length)];
    }

    static String token(SplittableRandom random, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(chars);
    }

    /** {@code bytes} random bytes as lower-case hex, never all zeros (W3C ids must not be). */
    static String hexId(SplittableRandom random, int bytes) {
        char[] chars = new char[bytes * 2];
        boolean nonZero = false;
        for (int i = 0; i < chars.length; i++) {
            int nibble = random.nextInt(16);
            nonZero |= nibble != 0;
            chars[i] = HEX[nibble];
        }
        if (!nonZero) {
            chars[chars.length - 1] = '1';
        }
        return new String(chars);
    }

    static SplittableRandom random(PayloadOptions options, RunMarker marker, Signal signal) {
        long seed = options.seed() != null ? options.seed() * 31 + signal.ordinal() * 7919L + marker.part()
                : System.nanoTime() ^ Thread.currentThread().threadId() ^ ((long) signal.ordinal() << 40);
        return new SplittableRandom(seed);
    }
}
