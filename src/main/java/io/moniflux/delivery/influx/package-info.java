/** InfluxDB's line protocol (1.x, 2.x, VictoriaMetrics), and counting what a run left with InfluxQL, Flux or PromQL. */
package io.moniflux.delivery.influx;
