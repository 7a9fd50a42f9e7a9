/** OTLP, as an OpenTelemetry Collector receives it: over HTTP (protobuf or JSON) and over gRPC. */
package io.moniflux.delivery.otlp;
