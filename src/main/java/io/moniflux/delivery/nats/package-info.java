/** NATS, core or JetStream, through the official Java client: one JSON event per message. */
package io.moniflux.delivery.nats;
