package io.moniflux.telemetry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Bodies of log records in the formats pipelines parse: plain text, structured JSON, combined access
 * lines, a container runtime's JSON lines, logfmt, and multi-line Java stack traces. A body is
 * exactly {@code size} bytes where the format has room to pad (its message), or the format's shortest
 * line when {@code size} is smaller. Bodies are ASCII, so characters and bytes are the same count.
 */
final class LogBodies {

    private static final DateTimeFormatter ACCESS_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
            "curl/8.5.0", "okhttp/4.12.0", "Go-http-client/2.0", "kube-probe/1.31"};
    private static final String[][] FRAMES = {
            {"shop.orders.OrderService.place", "OrderService.java"}, {"shop.orders.web.OrderController.create", "OrderController.java"},
            {"shop.payments.PaymentClient.charge", "PaymentClient.java"}, {"shop.inventory.StockRepository.reserve", "StockRepository.java"},
            {"org.springframework.web.servlet.FrameworkServlet.service", "FrameworkServlet.java"},
            {"org.apache.catalina.core.ApplicationFilterChain.doFilter", "ApplicationFilterChain.java"},
            {"jdk.internal.reflect.DirectMethodHandleAccessor.invoke", "DirectMethodHandleAccessor.java"},
            {"com.zaxxer.hikari.pool.HikariPool.getConnection", "HikariPool.java"}};
    private static final String[][] EXCEPTIONS = {
            {"java.lang.IllegalStateException", "Order %d already paid"},
            {"java.net.SocketTimeoutException", "Read timed out after %d ms"},
            {"java.sql.SQLTransientConnectionException", "HikariPool-1 - Connection is not available, request timed out after %d ms"},
            {"java.lang.NullPointerException", "Cannot invoke \"Customer.id()\" because \"customer\" is null (order %d)"}};

    private final SplittableRandom random;
    private final Instant start;

    LogBodies(SplittableRandom random, Instant start) {
        this.random = random;
        this.start = start;
    }

    /** A body of {@code format} around {@code message}, padded within it to {@code size}. */
    String body(String format, String level, String service, String message, int size) {
        String clean = format.equals("text") || format.equals("access") ? message : message.replace('"', '\'').replace('\\', '/');
        return switch (format) {
            case "json" -> pad("{\"level\":\"" + level.toLowerCase(Locale.ROOT) + "\",\"logger\":\"shop." + service
                    + "\",\"thread\":\"http-nio-8080-exec-" + (1 + random.nextInt(200)) + "\",\"msg\":\"", clean, "\"}", size);
            case "kubernetes" -> pad("{\"log\":\"", clean, "\\n\",\"stream\":\"" + (level.equals("ERROR") ? "stderr" : "stdout")
                    + "\",\"time\":\"" + start + "\"}", size);
            case "logfmt" -> pad("time=" + start + " level=" + level.toLowerCase(Locale.ROOT) + " service=" + service + " msg=\"",
                    clean, "\" duration=" + (1 + random.nextInt(900)) + "ms", size);
            case "access" -> pad(access(), "", "\"", size);
            default -> pad("", clean, "", size);
        };
    }

    /** {@code 10.1.2.3 - alice [03/Dec/2026:13:50:21 +0000] "GET /api/v1/orders HTTP/1.1" 200 5321 "-" "agent}: the user agent is padded. */
    private String access() {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + " - "
                + (random.nextBoolean() ? "-" : "user" + random.nextInt(1000)) + " [" + ACCESS_TIME.format(start) + "] \""
                + Vocabulary.pick(Vocabulary.METHODS, random) + " " + Vocabulary.pick(Vocabulary.ROUTES, random) + " HTTP/1.1\" "
                + Vocabulary.pick(Vocabulary.STATUSES, random) + " " + (100 + random.nextInt(20_000)) + " \"-\" \""
                + Vocabulary.pick(AGENTS, random);
    }

    /** A multi-line Java stack trace, with a cause, as a logger prints it. */
    String stackTrace(String format, String service) {
        String[] top = EXCEPTIONS[random.nextInt(EXCEPTIONS.length)];
        String[] cause = EXCEPTIONS[random.nextInt(EXCEPTIONS.length)];
        StringBuilder trace = new StringBuilder(2048);
        trace.append(top[0]).append(": ").append(top[1].formatted(1000 + random.nextInt(90_000)));
        int frames = 6 + random.nextInt(10);
        for (int i = 0; i < frames; i++) {
            String[] frame = FRAMES[random.nextInt(FRAMES.length)];
            trace.append("\n\tat ").append(frame[0]).append('(').append(frame[1]).append(':').append(10 + random.nextInt(400)).append(')');
        }
        trace.append("\nCaused by: ").append(cause[0]).append(": ").append(cause[1].formatted(30_000));
        trace.append("\n\tat ").append(FRAMES[7][0]).append('(').append(FRAMES[7][1]).append(":181)");
        trace.append("\n\t... ").append(frames).append(" more");
        String text = trace.toString();
        return switch (format) {
            case "json", "kubernetes", "logfmt" -> {
                String escaped = text.replace("\\", "/").replace("\"", "'").replace("\t", "\\t").replace("\n", "\\n");
                yield format.equals("logfmt") ? "level=error service=" + service + " msg=\"request failed\" stack=\"" + escaped + "\""
                        : format.equals("json") ? "{\"level\":\"error\",\"logger\":\"shop." + service + "\",\"msg\":\"request failed\","
                                + "\"stack_trace\":\"" + escaped + "\"}"
                        : "{\"log\":\"" + escaped + "\\n\",\"stream\":\"stderr\",\"time\":\"" + start + "\"}";
            }
            default -> text;
        };
    }

    /** {@code head + message + tail}, the message cut or padded (with the filler the message ends with) to fit {@code size}. */
    private static String pad(String head, String message, String tail, int size) {
        int room = size - head.length() - tail.length();
        if (room <= 0) {
            return head + tail;
        }
        StringBuilder middle = new StringBuilder(room);
        middle.append(message, 0, Math.min(message.length(), room));
        while (middle.length() < room) {
            middle.append(' ');
        }
        return head + middle + tail;
    }
}
