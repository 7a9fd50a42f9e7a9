package io.moniflux.watch;

/** This replica already serves as many progress streams as it is allowed to. */
public class TooManyStreamsException extends RuntimeException {

    public TooManyStreamsException(int limit) {
        super("This replica already serves " + limit + " progress streams (moniflux.watch.max-streams); try again later");
    }
}
