package io.moniflux.telemetry;

import java.util.List;
import java.util.Map;

/**
 * What generated log records look like.
 *
 * @param format          the body: {@code text} (default, a service's message), {@code json} (structured),
 *                        {@code access} (an nginx/Apache combined access line), {@code kubernetes} (a container
 *                        runtime's JSON line around a message), {@code logfmt}
 * @param stackTraceRatio the share of records whose body is a multi-line Java stack trace (those are ERROR)
 * @param severities      severity levels by weight ({@code {"INFO": 90, "WARN": 8, "ERROR": 2}}); empty for the
 *                        test's logType
 * @param templates       message templates with variables ({@code {user}}, {@code {ip}}, {@code {route}},
 *                        {@code {status}}, {@code {method}}, {@code {int}}, {@code {duration}}, {@code {id}},
 *                        {@code {word}}, {@code {service}}); empty for the built-in ones
 */
public record LogShape(String format, double stackTraceRatio, Map<String, Double> severities, List<String> templates) {

    public static final List<String> FORMATS = List.of("text", "json", "access", "kubernetes", "logfmt");
    public static final List<String> VARIABLES = List.of("user", "ip", "route", "status", "method", "int", "duration", "id",
            "word", "service");
    public static final LogShape DEFAULT = new LogShape("text", 0, Map.of(), List.of());

    public LogShape {
        format = format == null ? "text" : format;
        severities = severities == null ? Map.of() : Map.copyOf(severities);
        templates = templates == null ? List.of() : List.copyOf(templates);
    }
}
