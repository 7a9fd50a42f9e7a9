package io.moniflux.delivery;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every destination record has in common, handled once over the record's components rather than
 * in each protocol's record: the options a type takes (for the catalog and its listing), the secrets a
 * masked value sent back keeps, and the text rules every string option follows. Written over Java's
 * record reflection because the records differ only in which components they have.
 */
final class DestinationRecords {

    /** The fields every destination has; the rest of a record's components are its options. */
    static final Set<String> COMMON = Set.of("name", "type", "endpoint", "port", "apiKey");
    private static final int MAX_TEXT = 256;
    private static final int MAX_ENTRIES = 64;

    private DestinationRecords() {
    }

    /** The options of a destination type: its record's components beyond the common fields. */
    static Set<String> options(Class<? extends Destination> type) {
        Set<String> options = new TreeSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            if (!COMMON.contains(component.getName())) {
                options.add(component.getName());
            }
        }
        return options;
    }

    /**
     * {@code given} with every secret it sends back masked ({@code ****}) replaced by the one stored,
     * when {@code stored} is of the same type (dropped otherwise), and every empty secret dropped.
     */
    static Destination keepMaskedSecrets(Destination given, Destination stored) {
        boolean sameType = stored != null && stored.getClass() == given.getClass();
        Map<String, Object> replaced = new LinkedHashMap<>();
        for (RecordComponent component : given.getClass().getRecordComponents()) {
            Object value = value(component, given);
            Object kept = sameType ? value(component, stored) : null;
            if (value instanceof Secret secret && (Secret.MASK.equals(secret.value()) || secret.value().isEmpty())) {
                replaced.put(component.getName(), secret.value().isEmpty() ? null : kept);
            } else if (value instanceof Map<?, ?> map && secretValues(component) && kept instanceof Map<?, ?> keptMap) {
                Map<Object, Object> merged = new LinkedHashMap<>();
                map.forEach((key, entry) -> merged.put(key, entry instanceof Secret secret && Secret.MASK.equals(secret.value())
                        && keptMap.containsKey(key) ? keptMap.get(key) : entry));
                replaced.put(component.getName(), merged);
            }
        }
        return replaced.isEmpty() ? given : copy(given, replaced);
    }

    /** The fields of {@code given} that send a stored secret back masked ({@code apiKey}, {@code headers.X-Token}). */
    static List<String> maskedSecrets(Destination given) {
        List<String> masked = new ArrayList<>();
        for (RecordComponent component : given.getClass().getRecordComponents()) {
            Object value = value(component, given);
            if (value instanceof Secret secret && Secret.MASK.equals(secret.value())) {
                masked.add(component.getName());
            } else if (value instanceof Map<?, ?> map && secretValues(component)) {
                map.forEach((key, entry) -> {
                    if (entry instanceof Secret secret && Secret.MASK.equals(secret.value())) {
                        masked.add(component.getName() + "." + key);
                    }
                });
            }
        }
        return masked;
    }

    /** Every string option at most 256 printable characters; every map of options at most 64 printable entries. */
    static List<DestinationProblem> textProblems(Destination destination) {
        List<DestinationProblem> problems = new ArrayList<>();
        for (RecordComponent component : destination.getClass().getRecordComponents()) {
            String field = "destination." + component.getName();
            Object value = value(component, destination);
            if (value instanceof String text && !component.getName().equals("endpoint") && !text(text)) {
                problems.add(new DestinationProblem(field, "invalid-text", field + " must be at most " + MAX_TEXT
                        + " characters without control characters"));
            } else if (value instanceof Map<?, ?> map && !secretValues(component)) {
                if (map.size() > MAX_ENTRIES) {
                    problems.add(new DestinationProblem(field, "out-of-range", field + " has more than " + MAX_ENTRIES + " entries"));
                }
                map.forEach((key, entry) -> {
                    String name = String.valueOf(key);
                    if (!text(name) || name.isBlank() || name.startsWith("$") || name.contains("\uFF0E")
                            || !(entry instanceof String text) || !text(text)) {
                        problems.add(new DestinationProblem(field, "invalid-text", field + " names and values must be 1 to "
                                + MAX_TEXT + " printable characters, names not starting with '$'"));
                    }
                });
            }
        }
        return problems;
    }

    private static boolean text(String value) {
        return value.length() <= MAX_TEXT && value.chars().noneMatch(Character::isISOControl);
    }

    /** Whether a map component holds secrets (header values). */
    private static boolean secretValues(RecordComponent component) {
        Type type = component.getGenericType();
        return type instanceof ParameterizedType map && map.getActualTypeArguments().length == 2
                && map.getActualTypeArguments()[1] == Secret.class;
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass().getSimpleName(), e);
        }
    }

    /** The record with some components replaced, through its canonical constructor. */
    @SuppressWarnings("unchecked")
    static <D extends Destination> D copy(D record, Map<String, Object> replaced) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = replaced.containsKey(components[i].getName()) ? replaced.get(components[i].getName())
                    : value(components[i], record);
        }
        try {
            Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
            return (D) canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + record.getClass().getSimpleName(), e);
        }
    }
}
