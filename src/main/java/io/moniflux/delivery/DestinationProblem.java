package io.moniflux.delivery;

/**
 * Something wrong with a destination, named by the JSON path of the field at fault, with a stable code
 * ({@code invalid-destination} unless a more precise one applies).
 */
public record DestinationProblem(String field, String code, String message) {

    public static final String INVALID = "invalid-destination";

    public DestinationProblem(String field, String message) {
        this(field, INVALID, message);
    }
}
