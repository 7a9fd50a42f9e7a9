package io.moniflux.support.receivers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * syslog-ng from Debian: RFC 5424 sources on TCP (octet counting) and UDP on one port, written to a
 * file one message per line with its structured data.
 */
public final class SyslogNgServer extends ExternalReceiver {

    private final Path messages;

    public SyslogNgServer() {
        super("syslog-ng");
        String binary = require("syslog-ng", "apt-get install syslog-ng-core");
        messages = dir.resolve("messages.log");
        String config = """
                @version: 3.38
                options { keep-hostname(yes); stats_freq(0); };
                source s_tcp { syslog(ip("127.0.0.1") port(%1$d) transport("tcp") max-connections(512) log-msg-size(1048576)); };
                source s_udp { syslog(ip("127.0.0.1") port(%1$d) transport("udp") log-msg-size(65536)); };
                destination d_file { file("%2$s" template("${SDATA} ${PROGRAM} ${FACILITY} ${LEVEL} ${MSG}\\n") flush-lines(1)); };
                log { source(s_tcp); source(s_udp); destination(d_file); };
                """.formatted(port, messages);
        try {
            Files.writeString(dir.resolve("syslog-ng.conf"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start(List.of(binary, "-F", "--no-caps", "-f", dir.resolve("syslog-ng.conf").toString(),
                "-R", dir.resolve("persist").toString(), "-p", dir.resolve("pid").toString(),
                "-c", dir.resolve("ctl").toString()), Map.of());
        awaitReady(Duration.ofSeconds(30));
    }

    /** The messages written so far, one per line. */
    public List<String> lines() {
        try {
            return Files.exists(messages) ? Files.readAllLines(messages) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
