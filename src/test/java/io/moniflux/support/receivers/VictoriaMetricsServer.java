package io.moniflux.support.receivers;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** VictoriaMetrics (single node) from Debian, storing in its own folder, listening on 127.0.0.1. */
public final class VictoriaMetricsServer extends ExternalReceiver {

    public VictoriaMetricsServer() {
        super("victoria-metrics");
        String binary = require("victoria-metrics", "apt-get install victoria-metrics");
        start(List.of(binary, "-storageDataPath=" + dir.resolve("data"), "-httpListenAddr=127.0.0.1:" + port,
                "-loggerLevel=WARN"), Map.of());
        awaitReady(Duration.ofSeconds(60));
    }

    @Override
    protected boolean ready() {
        return status(url() + "/health") == 200;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Its own metrics page, in the Prometheus text format. */
    public String metricsPage() {
        return get(url() + "/metrics");
    }
}
