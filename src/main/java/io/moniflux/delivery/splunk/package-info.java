/** Splunk's HTTP Event Collector: logs as JSON events, metrics as multi-metric events. */
package io.moniflux.delivery.splunk;
