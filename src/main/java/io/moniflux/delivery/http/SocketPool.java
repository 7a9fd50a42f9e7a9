package io.moniflux.delivery.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Endpoint;

/**
 * Kept-alive TCP connections to one endpoint, for HTTP and for syslog over TCP alike. Every connection
 * is opened here, to an address the address policy allows for it at that moment, so that neither DNS
 * rebinding nor a redirect reaches an address the policy refuses; TLS is set up here too when asked.
 *
 * @param <C> what a connection is to its user: a socket, or an HTTP connection bound to one
 */
public final class SocketPool<C extends SocketPool.Pooled> implements AutoCloseable {

    /** A connection the pool keeps. */
    public interface Pooled {
        /** Closes it at once; a blocked read or write on it fails. */
        void close();
    }

    private final Endpoint endpoint;
    private final AddressPolicy policy;
    private final int connectTimeoutMillis;
    private final int handshakeTimeoutMillis;
    private final SSLSocketFactory tls;
    private final boolean verifyHostname;
    private final Function<Socket, C> wrap;
    private final ConcurrentLinkedQueue<C> idle = new ConcurrentLinkedQueue<>();
    private final Set<C> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param tls  for a TLS endpoint, the trust to hand-shake with; null for plain TCP
     * @param wrap makes a connection of a connected (and hand-shaken) socket
     */
    public SocketPool(Endpoint endpoint, AddressPolicy policy, int connectTimeoutMillis, int handshakeTimeoutMillis,
            SSLSocketFactory tls, boolean verifyHostname, Function<Socket, C> wrap) {
        this.endpoint = endpoint;
        this.policy = policy;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.tls = tls;
        this.verifyHostname = verifyHostname;
        this.wrap = wrap;
    }

    /** An idle connection, or null when none is. */
    public C idle() {
        return idle.poll();
    }

    /** A new connection, to the first address the policy allows that answers. */
    public C connect() throws IOException {
        if (closed) {
            throw new SocketException("channel closed");
        }
        String host = endpoint.bareHost();
        List<InetAddress> addresses = policy.permitted(host, endpoint.port(), Arrays.asList(InetAddress.getAllByName(host)));
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                try {
                    socket.connect(new InetSocketAddress(address, endpoint.port()), connectTimeoutMillis);
                } catch (SocketTimeoutException e) {
                    throw new Failures.ConnectTimeout("connect to " + address + " timed out");
                }
                C connection = wrap.apply(tls == null ? socket : handshake(socket, host));
                open.add(connection);
                if (closed) {
                    discard(connection);
                    throw new SocketException("channel closed");
                }
                return connection;
            } catch (IOException e) {
                socket.close();
                last = e;
            }
        }
        throw last != null ? last : new UnknownHostException(host);
    }

    /** Keeps a connection for the next request, unless the pool has closed. */
    public void release(C connection) {
        if (closed) {
            discard(connection);
        } else {
            idle.offer(connection);
        }
    }

    /** Closes a connection that is broken or no longer to be reused. */
    public void discard(C connection) {
        open.remove(connection);
        idle.remove(connection);
        try {
            connection.close();
        } catch (RuntimeException ignored) {
            // closing a broken connection
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes every connection; requests still on one fail. */
    @Override
    public void close() {
        closed = true;
        for (C connection : List.copyOf(open)) {
            discard(connection);
        }
    }

    private Socket handshake(Socket socket, String host) throws IOException {
        socket.setSoTimeout(handshakeTimeoutMillis);
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, endpoint.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (!host.contains(":") && !Character.isDigit(host.charAt(host.length() - 1))) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        ssl.setSoTimeout(0);
        return ssl;
    }
}
