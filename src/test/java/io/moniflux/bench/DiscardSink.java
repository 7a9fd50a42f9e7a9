package io.moniflux.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP or UDP port on 127.0.0.1 that reads everything sent to it and keeps nothing but a byte count:
 * the receiving end of the plain-socket protocols' rows (StatsD, Graphite), which must not limit them.
 */
final class DiscardSink implements AutoCloseable {

    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final LongAdder bytes = new LongAdder();

    private DiscardSink(ServerSocket tcp, DatagramSocket udp) {
        this.tcp = tcp;
        this.udp = udp;
    }

    static DiscardSink tcp() throws IOException {
        DiscardSink sink = new DiscardSink(new ServerSocket(0, 256, InetAddress.getLoopbackAddress()), null);
        Thread.ofVirtual().start(sink::accept);
        return sink;
    }

    static DiscardSink udp() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(8 * 1024 * 1024);
        DiscardSink sink = new DiscardSink(null, socket);
        Thread.ofPlatform().daemon().start(sink::receive);
        return sink;
    }

    int port() {
        return tcp != null ? tcp.getLocalPort() : udp.getLocalPort();
    }

    private void accept() {
        while (!tcp.isClosed()) {
            try {
                Socket connection = tcp.accept();
                Thread.ofVirtual().start(() -> drain(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void drain(Socket connection) {
        byte[] buffer = new byte[256 * 1024];
        try (connection; InputStream in = connection.getInputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                bytes.add(read);
            }
        } catch (IOException closed) {
            // the sender went away
        }
    }

    private void receive() {
        DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
        while (!udp.isClosed()) {
            try {
                udp.receive(packet);
                bytes.add(packet.getLength());
            } catch (IOException closed) {
                return;
            }
        }
    }

    long bytes() {
        return bytes.sum();
    }

    @Override
    public void close() throws IOException {
        if (tcp != null) {
            tcp.close();
        }
        if (udp != null) {
            udp.close();
        }
    }
}
