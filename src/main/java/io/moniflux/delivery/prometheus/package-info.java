/** Prometheus remote write 1.0, and counting what a run left through the Prometheus query API. */
package io.moniflux.delivery.prometheus;
