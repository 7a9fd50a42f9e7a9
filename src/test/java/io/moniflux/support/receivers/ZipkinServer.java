package io.moniflux.support.receivers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Zipkin's server (the exec jar from Maven Central, copied to target/receivers by the build) with
 * in-memory storage, bound to 127.0.0.1.
 */
public final class ZipkinServer extends ExternalReceiver {

    public ZipkinServer() {
        super("zipkin");
        Path jar = Path.of("target", "receivers", "zipkin-server.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Zipkin's server jar is missing at " + jar
                    + "; the build copies it there (io.zipkin:zipkin-server:exec): run the tests through ./mvnw");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        start(List.of(java, "-Xmx256m", "-jar", jar.toString(), "--armeria.ports[0].port=" + port,
                "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].protocols=http"),
                Map.of("STORAGE_TYPE", "mem", "QUERY_PORT", Integer.toString(port), "JAVA_OPTS", ""));
        awaitReady(Duration.ofSeconds(90));
    }

    @Override
    protected boolean ready() {
        return status(url() + "/health") == 200;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Spans the collector accepted (received and not dropped). */
    public long spansAccepted() {
        double received = 0;
        double dropped = 0;
        for (String line : get(url() + "/prometheus").split("\n")) {
            if (line.startsWith("zipkin_collector_spans_total{transport=\"http\"")) {
                received = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("zipkin_collector_spans_dropped_total{transport=\"http\"")) {
                dropped = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) (received - dropped);
    }

    /** The spans Zipkin stored for a trace, as JSON. */
    public String trace(String traceId) {
        return get(url() + "/api/v2/trace/" + traceId);
    }
}
