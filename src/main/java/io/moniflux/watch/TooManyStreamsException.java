package io.moniflux.watch;

/** This replica already serves as many progress streams as it is allowed to. */
public class TooManyStreamsException extends RuntimeException {

    private final boolean perUser;

    public TooManyStreamsException(int limit) {
        super("This replica already serves " + limit + " progress streams (moniflux.watch.max-streams); try again later");
        this.perUser = false;
    }

    private TooManyStreamsException(String message) {
        super(message);
        this.perUser = true;
    }

    static TooManyStreamsException ofUser(String user, int limit) {
        return new TooManyStreamsException("User '" + user + "' already holds " + limit
                + " progress streams open; the cap is " + limit + " per user (MONIFLUX_WATCH_MAX_USER_STREAMS): close one first");
    }

    /** The caller's own cap, not the replica's. */
    public boolean perUser() {
        return perUser;
    }
}
