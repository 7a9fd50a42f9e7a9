package io.moniflux.delivery.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryProperties;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.DestinationProblem;
import io.moniflux.delivery.Protocol;
import io.moniflux.delivery.json.GoJsonEncoder;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.MetricKind;
import io.moniflux.telemetry.Signal;

/**
 * NDJSON files, one event per line in the Go service's JSON, under the configured base folder: the
 * destination's endpoint is a relative folder below it ({@code runs/nightly}), and nothing can reach
 * outside it. Each stream writes {@code {runID}-{part}-{signal}.ndjson} and rotates it by size or age
 * into {@code .1}, {@code .2}..., keeping {@code retain} old files.
 */
@Component
class FileProtocol implements Protocol<FileDestination> {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final long DEFAULT_MAX_BYTES = 100L * 1024 * 1024;
    private static final int DEFAULT_RETAIN = 5;

    private final Path base;
    private final long maxBytes;

    FileProtocol(DeliveryProperties properties) {
        this.base = properties.fileBaseDir().toAbsolutePath().normalize();
        this.maxBytes = properties.fileMaxBytes().toBytes();
    }

    @Override
    public String type() {
        return FileDestination.TYPE;
    }

    @Override
    public Class<FileDestination> destinationType() {
        return FileDestination.class;
    }

    @Override
    public int defaultPort() {
        return 0;
    }

    /** {@inheritDoc} Here: its JSON lines write every kind out whole. */
    @Override
    public Set<MetricKind> metricKinds() {
        return ALL_METRIC_KINDS;
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.LOGS, Signal.METRICS, Signal.TRACES);
    }

    @Override
    public List<DestinationProblem> check(FileDestination destination) {
        List<DestinationProblem> problems = new ArrayList<>();
        try {
            folder(destination);
        } catch (IllegalArgumentException e) {
            problems.add(new DestinationProblem("destination.endpoint", e.getMessage()));
        }
        if (destination.port() != null) {
            problems.add(new DestinationProblem("destination.port", "a file destination has no port"));
        }
        if (destination.apiKey() != null) {
            problems.add(new DestinationProblem("destination.apiKey", "a file destination has no credentials"));
        }
        FileDestination.Rotation rotation = destination.rotation();
        if (rotation != null) {
            if (rotation.maxBytes() != null && rotation.maxBytes() < 1024) {
                problems.add(new DestinationProblem("destination.rotation.maxBytes", "maxBytes must be at least 1024"));
            } else if (rotation.maxBytes() != null && rotation.maxBytes() > maxBytes) {
                problems.add(new DestinationProblem("destination.rotation.maxBytes", "cap-exceeded", "rotation.maxBytes "
                        + rotation.maxBytes() + " is over the cap of " + maxBytes + " bytes a file (MONIFLUX_DELIVERY_FILE_MAX_BYTES)"));
            }
            if (rotation.maxAgeSeconds() != null && rotation.maxAgeSeconds() < 1) {
                problems.add(new DestinationProblem("destination.rotation.maxAgeSeconds", "maxAgeSeconds must be at least 1"));
            }
            if (rotation.retain() != null && (rotation.retain() < 0 || rotation.retain() > 1000)) {
                problems.add(new DestinationProblem("destination.rotation.retain", "retain must be between 0 and 1000"));
            }
        }
        return problems;
    }

    /** The folder of a destination: its endpoint, a relative path of plain names, below the base folder. */
    Path folder(FileDestination destination) {
        String endpoint = destination.endpoint() == null ? "" : destination.endpoint().strip();
        if (endpoint.isEmpty()) {
            throw new IllegalArgumentException("endpoint is required: a folder relative to " + base);
        }
        for (String segment : endpoint.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("endpoint of a file destination is a relative folder of plain names "
                        + "(letters, digits, '.', '_', '-'), like runs/nightly; '" + endpoint + "' is not");
            }
        }
        Path folder = base.resolve(endpoint).normalize();
        if (!folder.startsWith(base)) {
            throw new IllegalArgumentException("endpoint must stay below the base folder");
        }
        return folder;
    }

    @Override
    public Channel open(FileDestination destination, Signal signal, ChannelSettings settings) {
        FileDestination.Rotation rotation = destination.rotation();
        long rotateAt = rotation == null || rotation.maxBytes() == null ? DEFAULT_MAX_BYTES : rotation.maxBytes();
        long maxAgeNanos = rotation == null || rotation.maxAgeSeconds() == null ? Long.MAX_VALUE
                : rotation.maxAgeSeconds() * 1_000_000_000L;
        int retain = rotation == null || rotation.retain() == null ? DEFAULT_RETAIN : rotation.retain();
        return new RotatingFile(folder(destination), signal, rotateAt, maxAgeNanos, retain);
    }

    private static final class RotatingFile implements Channel {

        private final Path folder;
        private final Signal signal;
        private final long maxBytes;
        private final long maxAgeNanos;
        private final int retain;
        private Path path;
        private FileChannel file;
        private long written;
        private long openedAt;
        private boolean closed;

        RotatingFile(Path folder, Signal signal, long maxBytes, long maxAgeNanos, int retain) {
            this.folder = folder;
            this.signal = signal;
            this.maxBytes = maxBytes;
            this.maxAgeNanos = maxAgeNanos;
            this.retain = retain;
        }

        @Override
        public DeliveryResult send(Batch<?> batch) {
            ByteSink lines = GoJsonEncoder.ndjson(batch, 256);
            synchronized (this) {
                try {
                    if (closed) {
                        return DeliveryResult.failed(batch.size(), 0, "aborted", lines.length());
                    }
                    if (file == null) {
                        open(batch);
                    } else if (written > 0 && (written + lines.length() > maxBytes || System.nanoTime() - openedAt > maxAgeNanos)) {
                        rotate();
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(lines.array(), 0, lines.length());
                    while (buffer.hasRemaining()) {
                        file.write(buffer);
                    }
                    written += lines.length();
                    return DeliveryResult.accepted(batch.size(), 0, lines.length());
                } catch (IOException e) {
                    return DeliveryResult.failed(batch.size(), 0, "io-error", lines.length());
                }
            }
        }

        private void open(Batch<?> batch) throws IOException {
            Files.createDirectories(folder);
            path = folder.resolve(batch.marker().runID() + "-" + batch.marker().part() + "-" + signal.key() + ".ndjson");
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            written = file.size();
            openedAt = System.nanoTime();
        }

        private void rotate() throws IOException {
            file.close();
            if (retain == 0) {
                Files.deleteIfExists(path);
            } else {
                Files.deleteIfExists(numbered(retain));
                for (int i = retain - 1; i >= 1; i--) {
                    if (Files.exists(numbered(i))) {
                        Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
            }
            file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            written = 0;
            openedAt = System.nanoTime();
        }

        private Path numbered(int n) {
            return path.resolveSibling(path.getFileName() + "." + n);
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (file != null) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // the data was written; closing is best effort
                }
            }
        }
    }
}
