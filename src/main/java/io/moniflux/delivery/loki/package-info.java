/** Loki's push API, and counting what a run left with LogQL. */
package io.moniflux.delivery.loki;
