/** NDJSON files under the service's file base folder, rotated by size or age. */
package io.moniflux.delivery.file;
