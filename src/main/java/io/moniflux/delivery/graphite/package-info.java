/** Graphite's plaintext protocol over TCP, with tags or dotted names, as carbon takes it. */
package io.moniflux.delivery.graphite;
