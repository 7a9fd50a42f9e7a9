package io.moniflux.loadtest;

/** One thing wrong with a request: the JSON field at fault, a stable code and a sentence. */
public record Violation(String field, String code, String message) {
}
