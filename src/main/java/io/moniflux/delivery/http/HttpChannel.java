package io.moniflux.delivery.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;

import io.moniflux.delivery.Channel;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.HttpOptions;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.telemetry.Batch;

/**
 * What every HTTP-based protocol does with a batch: encode it, gzip it when asked, POST it, and read
 * the answer. A protocol supplies the encoding and, when the answer says more than its status (per-item
 * errors, partial success), how to read it.
 */
public abstract class HttpChannel implements Channel {

    private final HttpTransport transport;
    private final String path;
    private final ContentType contentType;
    private final Header[] headers;
    private final boolean gzip;
    private volatile int estimatedEventBytes = 256;

    protected HttpChannel(HttpTransport transport, String path, ContentType contentType, HttpOptions options, List<Header> own) {
        this.transport = transport;
        this.path = path;
        this.contentType = contentType;
        this.gzip = options.gzip();
        List<Header> all = new ArrayList<>(own);
        for (Map.Entry<String, String> header : options.headerValues().entrySet()) {
            all.add(HttpTransport.header(header.getKey(), header.getValue()));
        }
        if (gzip) {
            all.add(HttpTransport.header("Content-Encoding", "gzip"));
        }
        this.headers = all.toArray(Header[]::new);
    }

    /** The body of a batch; {@code estimatedBytes} sizes the buffer. */
    protected abstract ByteSink encode(Batch<?> batch, int estimatedBytes) throws IOException;

    /** Whether {@link #interpret} needs the response body. */
    protected boolean readsAnswer() {
        return false;
    }

    /** What the answer says about the batch: by default, 2xx accepts all of it and anything else none. */
    protected DeliveryResult interpret(Batch<?> batch, HttpReply reply, long bytes) {
        return reply.success() ? DeliveryResult.accepted(batch.size(), reply.status(), bytes)
                : DeliveryResult.failed(batch.size(), reply.status(), "http-" + reply.status(), bytes);
    }

    @Override
    public DeliveryResult send(Batch<?> batch) {
        ByteSink body;
        try {
            body = encode(batch, estimatedEventBytes);
        } catch (IOException | RuntimeException e) {
            return DeliveryResult.failed(batch.size(), 0, "encoding-error", 0);
        }
        estimatedEventBytes = body.length() / Math.max(1, batch.size()) + 16;
        byte[] bytes = body.array();
        int length = body.length();
        if (gzip) {
            ByteSink compressed = gzip(bytes, length);
            bytes = compressed.array();
            length = compressed.length();
        }
        try {
            HttpReply reply = transport.post(path, contentType, headers, bytes, length, readsAnswer());
            return interpret(batch, reply, length);
        } catch (IOException e) {
            return DeliveryResult.failed(batch.size(), 0, transport.isClosed() ? "aborted" : Failures.classify(e), length);
        }
    }

    static ByteSink gzip(byte[] bytes, int length) {
        ByteSink compressed = new ByteSink(length / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed, 8192) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(bytes, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed;
    }

    @Override
    public void close() {
        transport.close();
    }
}
