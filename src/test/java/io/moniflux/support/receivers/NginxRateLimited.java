package io.moniflux.support.receivers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * nginx from Debian as a receiver with a known ceiling: {@code limit_req} lets {@code ratePerSecond}
 * requests a second through (204) and refuses the rest with 503, the way an overloaded ingest
 * gateway does. (The zone's key is the port: one bucket for everyone; an empty key would not be limited.)
 */
public final class NginxRateLimited extends ExternalReceiver {

    public NginxRateLimited(int ratePerSecond, int burst) {
        super("nginx");
        String binary = require("nginx", "apt-get install nginx-light");
        String config = """
                worker_processes 1;
                error_log %1$s/error.log warn;
                pid %1$s/nginx.pid;
                daemon off;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  uwsgi_temp_path %1$s/uwsgi;
                  scgi_temp_path %1$s/scgi;
                  keepalive_requests 10000000;
                  client_max_body_size 16m;
                  limit_req_zone $server_port zone=ingest:1m rate=%3$dr/s;
                  limit_req_status 503;
                  server {
                    listen 127.0.0.1:%2$d;
                    root %1$s;
                    # limit_req acts after the rewrite phase, where return would already have answered
                    location / {
                      limit_req zone=ingest burst=%4$d nodelay;
                      try_files /nothing-here @accept;
                    }
                    location @accept { return 204; }
                  }
                }
                """.formatted(dir, port, ratePerSecond, burst);
        try {
            Files.writeString(dir.resolve("nginx.conf"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(List.of(binary, "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString()), Map.of());
        awaitReady(Duration.ofSeconds(20));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }
}
