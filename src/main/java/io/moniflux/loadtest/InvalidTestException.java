package io.moniflux.loadtest;

import java.util.List;
import java.util.stream.Collectors;

/** A test definition or request that cannot be accepted; nothing was changed. */
public class InvalidTestException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidTestException(List<Violation> violations) {
        super(violations.stream().map(Violation::message).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public InvalidTestException(String field, String code, String message) {
        this(List.of(new Violation(field, code, message)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
