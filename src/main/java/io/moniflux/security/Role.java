package io.moniflux.security;

import java.util.Locale;

/** What a caller may do: read, run their own tests, or everything. */
public enum Role {
    /** Reads tests, runs and results. */
    VIEWER,
    /** Also creates, starts, schedules, cancels and restarts their own tests. */
    OPERATOR,
    /** Everything: every user's tests, and API tokens. */
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }

    public static Role parse(String text) {
        return Role.valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
}
