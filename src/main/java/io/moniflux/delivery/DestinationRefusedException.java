package io.moniflux.delivery;

import java.io.IOException;

/** The destination guard refused every address the destination's host resolves to. */
public class DestinationRefusedException extends IOException {

    public DestinationRefusedException(String message) {
        super(message);
    }
}
