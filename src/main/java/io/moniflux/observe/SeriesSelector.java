package io.moniflux.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which series of a target to keep, written as a Prometheus selector: a metric name, where {@code *}
 * matches any run of characters ({@code otelcol_receiver_accepted_*}), then optional label matchers
 * in braces with PromQL's operators: {@code otelcol_exporter_queue_size{exporter="otlp"}},
 * {@code http_requests_total{handler=~"/api/v1/(write|push)", code!="500"}}. As in PromQL, regular
 * expressions match the whole value, and a matcher on a label the series lacks sees an empty value.
 */
public record SeriesSelector(String text, Pattern name, List<Matcher> matchers) {

    /** One label matcher. */
    public record Matcher(String label, Op op, String value, Pattern pattern) {

        boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(label, "");
            return switch (op) {
                case EQUAL -> actual.equals(value);
                case NOT_EQUAL -> !actual.equals(value);
                case MATCHES -> pattern.matcher(actual).matches();
                case NOT_MATCHES -> !pattern.matcher(actual).matches();
            };
        }
    }

    /** PromQL's label matching operators. */
    public enum Op {
        EQUAL("="), NOT_EQUAL("!="), MATCHES("=~"), NOT_MATCHES("!~");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    /**
     * Reads a selector.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static SeriesSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a series selector is a metric name, optionally with label matchers");
        }
        String s = text.strip();
        int brace = s.indexOf('{');
        String name = brace < 0 ? s : s.substring(0, brace).strip();
        if (name.isEmpty() || !Exposition.isName(name.replace("*", "_"))) {
            throw new IllegalArgumentException("'" + name + "' is not a metric name (letters, digits, '_' and ':', "
                    + "'*' for any characters)");
        }
        List<Matcher> matchers = brace < 0 ? List.of() : matchers(s.substring(brace));
        // every character of a name is literal but *, which matches any run of characters
        Pattern regex = Pattern.compile(Pattern.quote(name).replace("*", "\\E.*\\Q"));
        return new SeriesSelector(s, regex, matchers);
    }

    /** Whether a series of this name and labels is one to keep. */
    public boolean matches(String metric, Map<String, String> labels) {
        if (!name.matcher(metric).matches()) {
            return false;
        }
        for (Matcher matcher : matchers) {
            if (!matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a series, as {@link Exposition#series} writes it, is one to keep. */
    public boolean matchesSeries(String series) {
        int brace = series.indexOf('{');
        if (brace < 0) {
            return matches(series, Map.of());
        }
        try {
            Exposition.Sample parsed = Exposition.parseSeries(series);
            return matches(parsed.name(), parsed.labels());
        } catch (ExpositionException e) {
            return false;
        }
    }

    private static List<Matcher> matchers(String braces) {
        if (!braces.endsWith("}")) {
            throw new IllegalArgumentException("label matchers end with '}'");
        }
        List<Matcher> matchers = new ArrayList<>();
        String body = braces.substring(1, braces.length() - 1);
        int at = 0;
        while (at < body.length()) {
            while (at < body.length() && Character.isWhitespace(body.charAt(at))) {
                at++;
            }
            if (at >= body.length()) {
                break;
            }
            int from = at;
            while (at < body.length() && (Character.isLetterOrDigit(body.charAt(at)) || body.charAt(at) == '_')) {
                at++;
            }
            String label = body.substring(from, at);
            if (!Exposition.isLabel(label)) {
                throw new IllegalArgumentException("'" + label + "' is not a label name");
            }
            while (at < body.length() && body.charAt(at) == ' ') {
                at++;
            }
            Op op = null;
            for (Op candidate : List.of(Op.NOT_EQUAL, Op.MATCHES, Op.NOT_MATCHES, Op.EQUAL)) {
                if (body.startsWith(candidate.symbol, at)) {
                    op = candidate;
                    break;
                }
            }
            if (op == null) {
                throw new IllegalArgumentException("label " + label + " needs =, !=, =~ or !~");
            }
            at += op.symbol.length();
            while (at < body.length() && body.charAt(at) == ' ') {
                at++;
            }
            if (at >= body.length() || body.charAt(at) != '"') {
                throw new IllegalArgumentException("the value of label " + label + " must be double-quoted");
            }
            StringBuilder value = new StringBuilder();
            at++;
            boolean closed = false;
            while (at < body.length()) {
                char ch = body.charAt(at++);
                if (ch == '"') {
                    closed = true;
                    break;
                }
                if (ch == '\\' && at < body.length()) {
                    char next = body.charAt(at++);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(ch);
                }
            }
            if (!closed) {
                throw new IllegalArgumentException("the value of label " + label + " is not closed");
            }
            Pattern pattern = null;
            if (op == Op.MATCHES || op == Op.NOT_MATCHES) {
                try {
                    pattern = Pattern.compile(value.toString());
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("the regular expression of label " + label + " is not valid: "
                            + e.getDescription());
                }
            }
            matchers.add(new Matcher(label, op, value.toString(), pattern));
            while (at < body.length() && body.charAt(at) == ' ') {
                at++;
            }
            if (at < body.length()) {
                if (body.charAt(at) != ',') {
                    throw new IllegalArgumentException("label matchers are separated by ','");
                }
                at++;
            }
        }
        return List.copyOf(matchers);
    }

    @Override
    public String toString() {
        return text;
    }
}
