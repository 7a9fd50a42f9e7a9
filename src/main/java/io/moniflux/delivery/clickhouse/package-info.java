/**
 * ClickHouse over its HTTP interface: {@code INSERT ... FORMAT JSONEachRow} into tables shaped like
 * the OpenTelemetry Collector's ClickHouse exporter's, and counts read back with {@code SELECT count()}.
 */
package io.moniflux.delivery.clickhouse;
