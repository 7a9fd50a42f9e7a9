package io.moniflux.delivery.http;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.Endpoint;
import io.moniflux.delivery.GuardedHttp;

/**
 * {@link GuardedHttp} on the load channels' own {@link HttpTransport}, whose {@link SocketPool} opens
 * every connection past the address policy; one transport (and connection) per call, because these
 * calls are few.
 */
@Component
final class GuardedHttpClient implements GuardedHttp {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final AddressPolicy policy;

    @Autowired
    GuardedHttpClient(ObjectProvider<AddressPolicy> policy) {
        this(policy.getIfAvailable(() -> AddressPolicy.ALLOW_ALL));
    }

    GuardedHttpClient(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Answer call(Call call) throws IOException {
        URI uri = call.uri();
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IOException("not an http or https URL with a host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        List<Header> headers = new ArrayList<>();
        headers.add(HttpTransport.header("User-Agent", "MoniFlux"));
        if (call.headers().keySet().stream().noneMatch("accept"::equalsIgnoreCase)) {
            headers.add(HttpTransport.header("Accept", "application/json"));
        }
        if (uri.getRawUserInfo() != null) { // a webhook URL's user:password@ is sent as basic credentials
            headers.add(HttpTransport.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(uri.getUserInfo().getBytes(StandardCharsets.UTF_8))));
        }
        call.headers().forEach((name, value) -> headers.add(HttpTransport.header(name, value)));
        Header[] all = headers.toArray(Header[]::new);
        Endpoint endpoint = new Endpoint(scheme, uri.getHost(), port, "");
        try (HttpTransport transport = HttpTransport.open(endpoint, call.tls(), policy,
                new ChannelSettings(CONNECT_TIMEOUT, call.timeout(), 1))) {
            HttpReply reply = call.body() == null ? transport.get(target, all)
                    : transport.post(target, ContentType.parse(call.contentType()), all, call.body(), call.body().length, true);
            return new Answer(reply.status(), reply.body());
        }
    }
}
