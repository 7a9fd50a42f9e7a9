package io.moniflux.delivery;

import java.net.InetAddress;
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
}
