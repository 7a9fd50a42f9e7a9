package io.moniflux.observe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the two text formats metrics endpoints expose: the Prometheus text format 0.0.4
 * and OpenMetrics 1.0 text. Hand-written because no maintained Java library parses them: the
 * Prometheus Java client only writes them, and the parsers that exist are Go's, Rust's, Python's and
 * JavaScript's. Strict means a page breaking the grammar is refused with its line number rather than
 * read halfway: a scrape that cannot be trusted counts as a failed scrape.
 *
 * <p>What each sample is follows from its family's {@code # TYPE}: a counter's samples, and a
 * histogram's or summary's {@code _count}, {@code _sum} and {@code _bucket}, are cumulative (a rate
 * is what they mean); everything else, and samples of no declared family, are gauges.
 */
public final class Exposition {

    /** The types a family can declare. */
    public enum Type {
        COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, INFO, STATESET, UNKNOWN;

        static Type of(String name) {
            return switch (name) {
                case "counter" -> COUNTER;
                case "gauge" -> GAUGE;
                case "histogram" -> HISTOGRAM;
                case "gaugehistogram" -> GAUGEHISTOGRAM;
                case "summary" -> SUMMARY;
                case "info" -> INFO;
                case "stateset" -> STATESET;
                case "untyped", "unknown" -> UNKNOWN;
                default -> null;
            };
        }

        /** The suffixes a sample of a family of this type may add to the family's name. */
        List<String> suffixes() {
            return switch (this) {
                case COUNTER -> List.of("_total", "_created");
                case HISTOGRAM -> List.of("_bucket", "_count", "_sum", "_created");
                case SUMMARY -> List.of("_count", "_sum", "_created");
                case GAUGEHISTOGRAM -> List.of("_bucket", "_gcount", "_gsum");
                case INFO -> List.of("_info");
                default -> List.of();
            };
        }
    }

    /**
     * One sample of the page.
     *
     * @param labels     sorted by name
     * @param cumulative whether the value only grows while the process lives (a counter's): its rate is
     *                   what it means
     */
    public record Sample(String name, SortedMap<String, String> labels, double value, Type type, boolean cumulative) {

        /** The series as Prometheus writes it: {@code name{a="x",b="y"}}. */
        public String series() {
            return Exposition.series(name, labels);
        }
    }

    /** Samples at most per page: a page beyond it is a misconfigured target, not one to hold in memory. */
    static final int MAX_SAMPLES = 200_000;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile(
            "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)|[nN][aA][nN]");

    private Exposition() {
    }

    /** The samples of a page, in order. */
    public static List<Sample> parse(String page) throws ExpositionException {
        return new Reader(page).read();
    }

    /** A series as {@link #series} writes it, read back: its name and labels (its value is 0). */
    public static Sample parseSeries(String series) throws ExpositionException {
        List<Sample> samples = parse(series + " 0\n");
        if (samples.size() != 1) {
            throw new ExpositionException(1, "not one series: " + series);
        }
        return samples.getFirst();
    }

    /** A series as Prometheus writes it, labels in the order given, their values escaped. */
    public static String series(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name).append('{');
        boolean first = true;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
        }
        return out.append('}').toString();
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    static boolean isLabel(String name) {
        return LABEL.matcher(name).matches();
    }

    /** One pass over the page's lines, keeping the family the samples belong to. */
    private static final class Reader {

        private final String page;
        private final List<Sample> samples = new ArrayList<>();
        private final Map<String, Type> types = new TreeMap<>();
        private final Set<String> familiesSeen = new HashSet<>();
        private String family;
        private Type familyType;
        private int lineNumber;

        Reader(String page) {
            this.page = page;
        }

        List<Sample> read() throws ExpositionException {
            int at = 0;
            boolean ended = false;
            while (at < page.length()) {
                int end = page.indexOf('\n', at);
                String line = page.substring(at, end < 0 ? page.length() : end);
                at = end < 0 ? page.length() : end + 1;
                lineNumber++;
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (ended) {
                    throw new ExpositionException(lineNumber, "text after '# EOF'");
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    ended = comment(line);
                } else {
                    sample(line);
                }
            }
            return Collections.unmodifiableList(samples);
        }

        /** A comment line; true for the end of an OpenMetrics page. */
        private boolean comment(String line) throws ExpositionException {
            String[] words = line.substring(1).strip().split("[ \t]+", 3);
            switch (words[0]) {
                case "EOF" -> {
                    return true; // OpenMetrics' end; the Prometheus format has none, so a page may also just end
                }
                case "TYPE" -> {
                    if (words.length < 3 || !isName(words[1])) {
                        throw new ExpositionException(lineNumber, "'# TYPE' needs a metric name and a type");
                    }
                    Type type = Type.of(words[2].strip().toLowerCase(Locale.ROOT));
                    if (type == null) {
                        throw new ExpositionException(lineNumber, "unknown metric type '" + words[2].strip() + "'");
                    }
                    if (types.containsKey(words[1]) || familiesSeen.contains(words[1])) {
                        throw new ExpositionException(lineNumber, "a second '# TYPE' for " + words[1]
                                + " (or one after its samples)");
                    }
                    types.put(words[1], type);
                    family = words[1];
                    familyType = type;
                }
                case "HELP", "UNIT" -> {
                    if (words.length < 2 || !isName(words[1])) {
                        throw new ExpositionException(lineNumber, "'# " + words[0] + "' needs a metric name");
                    }
                    if (!words[1].equals(family)) {
                        family = words[1];
                        familyType = types.get(words[1]);
                    }
                }
                default -> {
                    // any other comment is free text in the Prometheus format
                }
            }
            return false;
        }

        private void sample(String line) throws ExpositionException {
            if (samples.size() >= MAX_SAMPLES) {
                throw new ExpositionException(lineNumber, "more than " + MAX_SAMPLES + " samples on one page");
            }
            Cursor c = new Cursor(line, lineNumber);
            String name = null;
            if (c.peek() != '{') {
                name = c.name();
            }
            SortedMap<String, String> labels = new TreeMap<>();
            if (c.peek() == '{') {
                name = c.labels(labels, name);
            }
            if (name == null) {
                throw c.error("a sample needs a metric name");
            }
            c.blanks(true);
            double value = c.number("value");
            if (!c.atEnd()) {
                c.blanks(true);
                if (!c.atEnd() && c.peek() != '#') {
                    c.number("timestamp");
                    c.blanks(false);
                }
                if (!c.atEnd() && c.peek() == '#') {
                    c.exemplar();
                }
                if (!c.atEnd()) {
                    throw c.error("unexpected text after the value");
                }
            }
            boolean ofFamily = inFamily(name);
            Type type = ofFamily ? familyType : types.getOrDefault(name, Type.UNKNOWN);
            familiesSeen.add(ofFamily ? family : name);
            samples.add(new Sample(name, Collections.unmodifiableSortedMap(labels), value, type, cumulative(name, type)));
        }

        /** Whether a sample belongs to the current family: its name, or its name with a suffix of the family's type. */
        private boolean inFamily(String name) {
            return family != null && familyType != null && (name.equals(family)
                    || familyType.suffixes().stream().anyMatch(suffix -> name.equals(family + suffix)));
        }

        private boolean cumulative(String name, Type type) {
            if (name.endsWith("_created")) {
                return false; // a timestamp: when the counter was created
            }
            return switch (type) {
                case COUNTER -> true;
                case HISTOGRAM, SUMMARY -> name.endsWith("_count") || name.endsWith("_sum") || name.endsWith("_bucket");
                default -> false;
            };
        }
    }

    /** Reads the tokens of one sample line. */
    private static final class Cursor {

        private final String line;
        private final int lineNumber;
        private int at;

        Cursor(String line, int lineNumber) {
            this.line = line;
            this.lineNumber = lineNumber;
        }

        char peek() {
            return at < line.length() ? line.charAt(at) : '\0';
        }

        boolean atEnd() {
            return at >= line.length();
        }

        ExpositionException error(String message) {
            return new ExpositionException(lineNumber, message + " (column " + (at + 1) + ")");
        }

        void blanks(boolean required) throws ExpositionException {
            int from = at;
            while (peek() == ' ' || peek() == '\t') {
                at++;
            }
            if (required && at == from && !atEnd()) {
                throw error("expected a space");
            }
            if (required && atEnd() && at == from) {
                throw error("a sample needs a value");
            }
        }

        String name() throws ExpositionException {
            int from = at;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == ':')) {
                at++;
            }
            String name = line.substring(from, at);
            if (!isName(name)) {
                throw error("'" + name + "' is not a metric name");
            }
            return name;
        }

        /** The labels in braces; a quoted name without '=' among them is the metric's (UTF-8 names). */
        String labels(Map<String, String> labels, String name) throws ExpositionException {
            at++; // {
            while (true) {
                blanks(false);
                if (peek() == '}') {
                    at++;
                    return name;
                }
                String label;
                if (peek() == '"') {
                    label = quoted();
                    blanks(false);
                    if (peek() != '=') {
                        if (name != null) {
                            throw error("a second metric name in the braces");
                        }
                        name = label;
                        separator();
                        continue;
                    }
                } else {
                    int from = at;
                    while (!atEnd() && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
                        at++;
                    }
                    label = line.substring(from, at);
                    if (!isLabel(label)) {
                        throw error("'" + label + "' is not a label name");
                    }
                    blanks(false);
                }
                if (peek() != '=') {
                    throw error("expected '=' after label " + label);
                }
                at++;
                blanks(false);
                String value = quoted();
                if (labels.put(label, value) != null) {
                    throw error("label " + label + " twice");
                }
                separator();
            }
        }

        private void separator() throws ExpositionException {
            blanks(false);
            if (peek() == ',') {
                at++;
            } else if (peek() != '}') {
                throw error("expected ',' or '}'");
            }
        }

        /** A double-quoted string with the format's escapes: \\, \" and \n. */
        String quoted() throws ExpositionException {
            if (peek() != '"') {
                throw error("expected a double-quoted value");
            }
            at++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw error("a quoted value is not closed");
                }
                char ch = line.charAt(at++);
                if (ch == '"') {
                    return value.toString();
                }
                if (ch == '\\') {
                    if (atEnd()) {
                        throw error("a quoted value is not closed");
                    }
                    char escaped = line.charAt(at++);
                    switch (escaped) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw error("unknown escape \\" + escaped);
                    }
                } else {
                    value.append(ch);
                }
            }
        }

        double number(String what) throws ExpositionException {
            int from = at;
            while (!atEnd() && peek() != ' ' && peek() != '\t') {
                at++;
            }
            String text = line.substring(from, at);
            if (!NUMBER.matcher(text).matches()) {
                throw error("the " + what + " '" + text + "' is not a number");
            }
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.endsWith("nan")) {
                return Double.NaN;
            }
            if (lower.contains("inf")) {
                return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return Double.parseDouble(text);
        }

        /** An OpenMetrics exemplar, {@code # {labels} value [timestamp]}: checked, not kept. */
        void exemplar() throws ExpositionException {
            at++; // #
            blanks(true);
            if (peek() != '{') {
                throw error("an exemplar starts with its labels in braces");
            }
            labels(new TreeMap<>(), "exemplar");
            blanks(true);
            number("exemplar value");
            blanks(false);
            if (!atEnd()) {
                number("exemplar timestamp");
                blanks(false);
            }
        }
    }
}
