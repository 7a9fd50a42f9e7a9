/** The Go service's JSON over HTTP ({@code http}, the default destination type), and its encoder, which files share. */
package io.moniflux.delivery.json;
