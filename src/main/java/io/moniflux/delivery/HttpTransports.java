package io.moniflux.delivery;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Opens HTTP transports for destinations, with the address policy in force. */
@Component
class HttpTransports {

    private final AddressPolicy policy;

    HttpTransports(ObjectProvider<AddressPolicy> policy) {
        this.policy = policy.getIfAvailable(() -> AddressPolicy.ALLOW_ALL);
    }

    HttpTransport open(Endpoint endpoint, Destination destination, ChannelSettings settings) {
        return new HttpTransport(endpoint, TlsTrust.socketFactory(destination.tls()), TlsTrust.verifyHostname(destination.tls()),
                policy, settings);
    }

    AddressPolicy policy() {
        return policy;
    }
}
