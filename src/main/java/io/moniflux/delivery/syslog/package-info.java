/** Syslog as RFC 5424 describes it, over TCP (octet counting) or UDP. */
package io.moniflux.delivery.syslog;
