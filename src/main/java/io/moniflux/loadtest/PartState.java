package io.moniflux.loadtest;

/** Where one part of a run is: waiting for a replica, owned by one, or finished. */
public enum PartState {
    Ready, Running, Done
}
