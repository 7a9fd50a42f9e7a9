package io.moniflux.results;

/**
 * Why events were missed: the destination could not take them (every request in flight was waiting
 * for it), or MoniFlux itself could not generate them in time (requests could have gone out, but the
 * generator fell behind).
 */
public enum MissCause {
    DESTINATION, GENERATOR
}
