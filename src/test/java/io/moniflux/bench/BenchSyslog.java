package io.moniflux.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * syslog-ng from Debian on 127.0.0.1 as the bench's syslog sink: RFC 5424 over TCP into a file that
 * is counted afterwards (no flush per line, so that the file does not set the pace), and its own
 * loggen as the reference sender.
 */
final class BenchSyslog implements AutoCloseable {

    private static final Pattern RATE = Pattern.compile("average rate = ([0-9.]+) msg/sec");

    private final Path dir;
    private final Path messages;
    private final int port;
    private final Process process;

    BenchSyslog(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.messages = dir.resolve("messages.log");
        Files.deleteIfExists(messages);
        this.port = Processes.freePort();
        Files.writeString(dir.resolve("syslog-ng.conf"), """
                @version: 3.38
                options { stats_freq(0); };
                source s_tcp { syslog(ip("127.0.0.1") port(%1$d) transport("tcp") max-connections(64) log-msg-size(65536)
                                      log-iw-size(100000) log-fetch-limit(1000)); };
                destination d_file { file("%2$s" template("${MSG}\\n")); };
                log { source(s_tcp); destination(d_file); };
                """.formatted(port, messages));
        process = new ProcessBuilder(List.of("syslog-ng", "-F", "--no-caps", "-f", dir.resolve("syslog-ng.conf").toString(),
                "-R", dir.resolve("persist").toString(), "-p", dir.resolve("pid").toString(), "-c", dir.resolve("ctl").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("syslog-ng.out").toFile()).start();
        Processes.awaitListening(port, process, "syslog-ng");
    }

    int port() {
        return port;
    }

    /** loggen's own figure: messages/s over one connection for {@code seconds}, {@code size} bytes each. */
    double loggen(int seconds, int size) throws Exception {
        Process loggen = new ProcessBuilder("loggen", "--inet", "--stream", "--syslog-proto", "--rate", "100000000",
                "--interval", Integer.toString(seconds), "--size", Integer.toString(size), "--active-connections", "1",
                "127.0.0.1", Integer.toString(port)).redirectErrorStream(true).start();
        String output = new String(loggen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        loggen.waitFor(seconds + 30L, TimeUnit.SECONDS);
        Matcher matcher = RATE.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("loggen printed no average rate:\n" + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    /** Messages syslog-ng has written so far. */
    long received() throws IOException {
        if (!Files.exists(messages)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(messages, StandardCharsets.ISO_8859_1)) {
            return lines.count();
        }
    }

    /** Waits (up to 20 s) until syslog-ng has written {@code count} messages; what it has then. */
    long awaitReceived(long count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long received = received();
        while (received < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            received = received();
        }
        return received;
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
