/** Channels of the plain-socket protocols (syslog, StatsD, Graphite): framed bytes over pooled TCP connections, or datagrams. */
package io.moniflux.delivery.socket;
