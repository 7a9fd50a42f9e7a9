package io.moniflux.delivery.wire;

import java.time.Instant;

/** Time formats the protocols use. */
public final class Timestamps {

    private record Second(long epochSecond, String prefix) {
    }

    private static volatile Second cached = new Second(Long.MIN_VALUE, "");

    private Timestamps() {
    }

    /**
     * RFC 3339 with nanoseconds, {@code 2026-11-25T16:00:00.123456789Z}. The date and time of day are
     * formatted once per second: at tens of thousands of events a second this was a visible cost.
     */
    public static String iso(long epochNanos) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        Second current = cached;
        if (current.epochSecond() != second) {
            String text = Instant.ofEpochSecond(second).toString(); // 2026-11-25T16:00:00Z
            current = new Second(second, text.substring(0, text.length() - 1));
            cached = current;
        }
        String prefix = current.prefix();
        char[] chars = new char[prefix.length() + 11];
        prefix.getChars(0, prefix.length(), chars, 0);
        int at = prefix.length();
        chars[at++] = '.';
        for (int divisor = 100_000_000; divisor > 0; divisor /= 10) {
            chars[at++] = (char) ('0' + nanos / divisor % 10);
        }
        chars[at] = 'Z';
        return new String(chars);
    }
}
