/**
 * Watching runs: the live progress stream (Server-Sent Events, read from the database so that any
 * replica serves it) and the run report (HTML, JSON, CSV). The dashboard's files are static
 * resources beside them.
 */
@ApplicationModule(displayName = "Live progress and reports")
package io.moniflux.watch;

import org.springframework.modulith.ApplicationModule;
