package io.moniflux.delivery;

/** Something wrong with a destination, named by the JSON path of the field at fault. */
public record DestinationProblem(String field, String message) {
}
