package io.moniflux.delivery.socket;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.function.Function;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.http.Failures;
import io.moniflux.delivery.http.SocketPool;
import io.moniflux.delivery.wire.ByteSink;
import io.moniflux.telemetry.Batch;

/**
 * A batch encoded as one run of framed bytes and written to a pooled TCP connection, each checked by
 * the address policy when it opens. These protocols have no acknowledgement: a batch written without
 * error counts as sent.
 */
public final class TcpChannel implements Channel {

    /** A plain connection of the pool. */
    private record Connection(Socket socket) implements SocketPool.Pooled {
        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
    }

    private final SocketPool<Connection> pool;
    private final Function<Batch<?>, ByteSink> encoder;

    public TcpChannel(Endpoint endpoint, AddressPolicy policy, ChannelSettings settings, Function<Batch<?>, ByteSink> encoder) {
        this.pool = new SocketPool<>(endpoint, policy, (int) settings.connectTimeout().toMillis(), 0, null, false,
                Connection::new);
        this.encoder = encoder;
    }

    @Override
    public DeliveryResult send(Batch<?> batch) {
        ByteSink frames;
        try {
            frames = encoder.apply(batch);
        } catch (RuntimeException e) {
            return DeliveryResult.failed(batch.size(), 0, "encoding-error", 0);
        }
        Connection connection = pool.idle();
        try {
            if (connection == null) {
                connection = pool.connect();
            }
            OutputStream out = connection.socket().getOutputStream();
            out.write(frames.array(), 0, frames.length());
            out.flush();
            pool.release(connection);
            return DeliveryResult.accepted(batch.size(), 0, frames.length());
        } catch (IOException e) {
            if (connection != null) {
                pool.discard(connection);
            }
            return DeliveryResult.failed(batch.size(), 0, pool.isClosed() ? "aborted" : Failures.classify(e), frames.length());
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
