package io.moniflux.loadtest;

/** Work still to do about a run after it ended, done by one replica and taken over when it is gone. */
public enum FollowUp {
    /** Asking the backend what it stored. */
    VERIFY,
    /** Calling the webhook. */
    NOTIFY
}
