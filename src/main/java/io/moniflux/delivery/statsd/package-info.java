/** StatsD and DogStatsD, over UDP (packets filled up to an MTU) or TCP. */
package io.moniflux.delivery.statsd;
