/**
 * Apache Kafka through the official producer ({@code kafka-clients}): OTLP export requests as the
 * Collector's kafka receiver reads them, or the Go service's JSON events, one topic per signal; the
 * verifier reads the topics back with the official consumer.
 */
package io.moniflux.delivery.kafka;
