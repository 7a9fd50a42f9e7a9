/** Zipkin's v2 span API, and counting what a run left through its trace search. */
package io.moniflux.delivery.zipkin;
