package io.moniflux.loadtest.web;

import io.moniflux.loadtest.PartProgress;
import io.moniflux.loadtest.PartState;

/** One part of a run: its owner replica, its state and how far it got (seconds). */
record PartView(int index, PartState state, String owner, double elapsed) {

    static PartView of(PartProgress part) {
        return new PartView(part.index(), part.state(), part.owner(), part.elapsedMillis() / 1000.0);
    }
}
