package io.moniflux.delivery.socket;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Function;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.http.Failures;
import io.moniflux.telemetry.Batch;

/**
 * A batch as datagrams to the address the policy permitted, resolved once. UDP acknowledges nothing:
 * an event counts as sent once the datagram that holds it is written.
 */
public final class UdpChannel implements Channel {

    /** The datagrams of a batch, each with how many events it holds. */
    public record Datagram(byte[] bytes, int events) {
    }

    private final Endpoint endpoint;
    private final AddressPolicy policy;
    private final Function<Batch<?>, List<Datagram>> encoder;
    private DatagramSocket socket;
    private InetSocketAddress target;

    public UdpChannel(Endpoint endpoint, AddressPolicy policy, Function<Batch<?>, List<Datagram>> encoder) {
        this.endpoint = endpoint;
        this.policy = policy;
        this.encoder = encoder;
    }

    @Override
    public DeliveryResult send(Batch<?> batch) {
        List<Datagram> datagrams;
        try {
            datagrams = encoder.apply(batch);
        } catch (RuntimeException e) {
            return DeliveryResult.failed(batch.size(), 0, "encoding-error", 0);
        }
        long bytes = 0;
        int sent = 0;
        try {
            DatagramSocket current = socket();
            for (Datagram datagram : datagrams) {
                current.send(new DatagramPacket(datagram.bytes(), datagram.bytes().length, target));
                bytes += datagram.bytes().length;
                sent += datagram.events();
            }
            return DeliveryResult.accepted(batch.size(), 0, bytes);
        } catch (IOException e) {
            return new DeliveryResult(sent, batch.size() - sent, 0, Failures.classify(e), bytes);
        }
    }

    private synchronized DatagramSocket socket() throws IOException {
        if (socket == null) {
            target = new InetSocketAddress(policy.resolve(endpoint.bareHost(), endpoint.port()), endpoint.port());
            socket = new DatagramSocket();
        }
        return socket;
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
