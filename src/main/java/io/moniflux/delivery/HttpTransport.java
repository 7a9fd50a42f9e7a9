package io.moniflux.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * HTTP/1.1 to one endpoint over a pool of keep-alive connections, with blocking I/O meant for
 * virtual threads: each request holds one connection from write to response, and a thread blocked on
 * the network costs almost nothing. httpcore5 reads and writes the protocol; this class only pools
 * connections and opens them itself, so that every address connected to passes the address policy.
 * Redirects are never followed. Request timeouts are enforced by the {@link RequestWatchdog}.
 */
final class HttpTransport implements AutoCloseable {

    private static final long STALE_CHECK_AFTER_NANOS = 2_000_000_000L;

    private final Endpoint endpoint;
    private final String authority;
    private final SSLSocketFactory tls;
    private final boolean verifyHostname;
    private final AddressPolicy policy;
    private final int connectTimeoutMillis;
    private final int requestTimeoutMillis;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final long requestTimeoutNanos;
    private volatile Head lastHead;
    private static final int COALESCE_LIMIT = 16 * 1024;
    private volatile boolean closed;

    /** A kept-alive connection; the watchdog closes it when a request on it is overdue. */
    private static final class Connection implements RequestWatchdog.Watched {
        final DefaultBHttpClientConnection http = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
        Socket socket;
        long idleSince;
        volatile long deadline;
        volatile boolean expired;

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        public void expire() {
            expired = true;
            http.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
        }
    }

    HttpTransport(Endpoint endpoint, SSLSocketFactory tls, boolean verifyHostname, AddressPolicy policy,
            ChannelSettings settings) {
        this.endpoint = endpoint;
        boolean defaultPort = endpoint.port() == ("https".equals(endpoint.scheme()) ? 443 : 80);
        String host = endpoint.host().contains(":") && !endpoint.host().startsWith("[") ? "[" + endpoint.host() + "]" : endpoint.host();
        this.authority = defaultPort ? host : host + ":" + endpoint.port();
        this.tls = "https".equals(endpoint.scheme()) ? tls : null;
        this.verifyHostname = verifyHostname;
        this.policy = policy;
        this.connectTimeoutMillis = (int) settings.connectTimeout().toMillis();
        this.requestTimeoutMillis = (int) settings.requestTimeout().toMillis();
        this.requestTimeoutNanos = settings.requestTimeout().toNanos();
    }

    /** A header a channel sends with every request. */
    static Header header(String name, String value) {
        return new org.apache.hc.core5.http.message.BasicHeader(name, value);
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /**
     * POSTs {@code length} bytes of {@code body} to {@code path} below the endpoint.
     *
     * @param readBody whether the caller needs the response body (it is drained either way)
     */
    HttpReply post(String path, ContentType type, Header[] headers, byte[] body, int length, boolean readBody)
            throws IOException {
        Connection connection = idle.poll();
        boolean reused = connection != null;
        if (reused && System.nanoTime() - connection.idleSince > STALE_CHECK_AFTER_NANOS && connection.http.isStale()) {
            discard(connection);
            connection = null;
            reused = false;
        }
        if (connection == null) {
            connection = connect();
        }
        try {
            return exchange(connection, path, type, headers, body, length, readBody);
        } catch (NoHttpResponseException | SocketException e) {
            discard(connection);
            if (!reused || closed) {
                throw e;
            }
            // the server closed a kept-alive connection before this request reached it: one retry
            Connection fresh = connect();
            try {
                return exchange(fresh, path, type, headers, body, length, readBody);
            } catch (IOException | RuntimeException again) {
                discard(fresh);
                throw again;
            }
        } catch (IOException | RuntimeException e) {
            discard(connection);
            throw e;
        }
    }

    private HttpReply exchange(Connection connection, String path, ContentType type, Header[] headers, byte[] body,
            int length, boolean readBody) throws IOException {
        connection.deadline = System.nanoTime() + requestTimeoutNanos;
        try {
            return exchangeOnce(connection, path, type, headers, body, length, readBody);
        } catch (IOException e) {
            if (connection.expired) {
                throw new java.net.SocketTimeoutException("no answer within " + requestTimeoutMillis + " ms");
            }
            throw e;
        } finally {
            connection.deadline = 0;
        }
    }

    /**
     * Writes the request as one buffer — a request head formatted once per path and headers, the
     * content length, the body — and lets httpcore5 parse the answer, where HTTP's edge cases are
     * (chunked bodies, informational responses, keep-alive rules). Formatting the head per request
     * through httpcore5's writer was a tenth of the CPU at 60k requests/s.
     */
    private HttpReply exchangeOnce(Connection connection, String path, ContentType type, Header[] headers, byte[] body,
            int length, boolean readBody) throws IOException {
        byte[] head = head(path, type, headers);
        byte[] digits = Integer.toString(length).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.io.OutputStream out = connection.socket.getOutputStream();
        if (length <= COALESCE_LIMIT) {
            byte[] request = new byte[head.length + digits.length + 4 + length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(digits, 0, request, head.length, digits.length);
            int at = head.length + digits.length;
            request[at++] = '\r';
            request[at++] = '\n';
            request[at++] = '\r';
            request[at++] = '\n';
            System.arraycopy(body, 0, request, at, length);
            out.write(request);
        } else {
            byte[] start = new byte[head.length + digits.length + 4];
            System.arraycopy(head, 0, start, 0, head.length);
            System.arraycopy(digits, 0, start, head.length, digits.length);
            start[start.length - 4] = '\r';
            start[start.length - 3] = '\n';
            start[start.length - 2] = '\r';
            start[start.length - 1] = '\n';
            out.write(start);
            out.write(body, 0, length);
        }
        out.flush();
        try {
            ClassicHttpResponse response = connection.http.receiveResponseHeader();
            while (response.getCode() < 200) { // 100 Continue and other informational answers come first
                response = connection.http.receiveResponseHeader();
            }
            if (response.getCode() != 204 && response.getCode() != 304) {
                connection.http.receiveResponseEntity(response);
            }
            byte[] content = null;
            if (response.getEntity() != null) {
                if (readBody) {
                    content = EntityUtils.toByteArray(response.getEntity());
                } else {
                    EntityUtils.consume(response.getEntity());
                }
            }
            if (keepAlive(response) && !closed && !connection.expired) {
                connection.idleSince = System.nanoTime();
                connection.deadline = 0;
                idle.offer(connection);
            } else {
                discard(connection);
            }
            return new HttpReply(response.getCode(), content == null ? new byte[0] : content);
        } catch (org.apache.hc.core5.http.HttpException e) {
            throw new IOException("invalid HTTP response: " + e.getMessage(), e);
        }
    }

    /** "POST {path} HTTP/1.1", Host, Content-Type, the channel's headers and "Content-Length: ". */
    private byte[] head(String path, ContentType type, Header[] headers) {
        Head cached = lastHead;
        if (cached != null && cached.path() == path && cached.type() == type && cached.headers() == headers) {
            return cached.bytes();
        }
        StringBuilder text = new StringBuilder(256);
        text.append("POST ").append(endpoint.basePath()).append(path).append(" HTTP/1.1\r\n");
        text.append("Host: ").append(authority).append("\r\n");
        text.append("Content-Type: ").append(type).append("\r\n");
        for (Header header : headers) {
            text.append(header.getName()).append(": ").append(header.getValue()).append("\r\n");
        }
        text.append("Content-Length: ");
        byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        lastHead = new Head(path, type, headers, bytes);
        return bytes;
    }

    private record Head(String path, ContentType type, Header[] headers, byte[] bytes) {
    }

    /** HTTP/1.1 keeps a connection unless told to close; HTTP/1.0 closes unless told to keep it. */
    private static boolean keepAlive(ClassicHttpResponse response) {
        Header connection = response.getFirstHeader("Connection");
        String value = connection == null ? null : connection.getValue();
        if (response.getVersion() != null && response.getVersion().lessEquals(org.apache.hc.core5.http.HttpVersion.HTTP_1_0)) {
            return value != null && value.equalsIgnoreCase("keep-alive");
        }
        return value == null || !value.toLowerCase(java.util.Locale.ROOT).contains("close");
    }

    private Connection connect() throws IOException {
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
                Socket bound;
                if (tls == null) {
                    bound = socket;
                } else {
                    socket.setSoTimeout(requestTimeoutMillis);
                    bound = handshake(socket, host);
                    bound.setSoTimeout(0);
                }
                Connection connection = new Connection();
                connection.http.bind(bound);
                connection.socket = bound;
                open.add(connection);
                RequestWatchdog.SHARED.watch(connection);
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
        throw last != null ? last : new java.net.UnknownHostException(host);
    }

    private Socket handshake(Socket socket, String host) throws IOException {
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
        return ssl;
    }

    private void discard(Connection connection) {
        RequestWatchdog.SHARED.forget(connection);
        open.remove(connection);
        idle.remove(connection);
        try {
            connection.http.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
        } catch (RuntimeException ignored) {
            // closing a broken connection
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        for (Connection connection : List.copyOf(open)) {
            discard(connection);
        }
    }
}
