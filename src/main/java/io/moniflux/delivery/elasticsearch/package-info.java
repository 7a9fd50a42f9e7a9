/** Elasticsearch's bulk API, and counting what a run left with {@code _count}. */
package io.moniflux.delivery.elasticsearch;
