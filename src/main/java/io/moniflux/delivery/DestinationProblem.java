package io.moniflux.delivery;

import java.util.List;

/**
 * Something wrong with a destination, named by the JSON path of the field at fault, with a stable code
 * ({@code invalid-destination} unless a more precise one applies).
 */
public record DestinationProblem(String field, String code, String message) {

    public static final String INVALID = "invalid-destination";

    public DestinationProblem(String field, String message) {
        this(field, INVALID, message);
    }

    /** Adds a problem with option {@code destination.<option>} when it is given and not one of {@code allowed}. */
    public static void oneOf(List<DestinationProblem> problems, String option, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            problems.add(new DestinationProblem("destination." + option, option + " must be one of " + String.join(", ", allowed)));
        }
    }
}
