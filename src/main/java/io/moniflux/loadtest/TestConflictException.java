package io.moniflux.loadtest;

/**
 * A request that the test's current state does not allow (it already exists, it is already running,
 * it is not running...). The Go service answered these with 400, and so does MoniFlux.
 */
public class TestConflictException extends RuntimeException {

    private final String code;

    public TestConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
