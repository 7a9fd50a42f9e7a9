package io.moniflux.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Decides which resolved addresses a destination may connect to. Checked at connect time on the very
 * addresses connected to, so neither a redirect (channels never follow one) nor DNS rebinding gets
 * around it.
 */
public interface AddressPolicy {

    AddressPolicy ALLOW_ALL = (host, port, addresses) -> addresses;

    /**
     * The addresses of {@code host} that may be used on {@code port}, in order.
     *
     * @throws DestinationRefusedException when none may, naming the rule that refused them
     */
    List<InetAddress> permitted(String host, int port, List<InetAddress> addresses) throws DestinationRefusedException;

    /**
     * Resolves {@code host} once and returns the first address this policy permits, for clients that
     * then connect to that address itself, so that no later resolution can lead them elsewhere.
     */
    default InetAddress resolve(String host, int port) throws IOException {
        return permitted(host, port, Arrays.asList(InetAddress.getAllByName(host))).getFirst();
    }
}
