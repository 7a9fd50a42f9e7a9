package io.moniflux.delivery.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.moniflux.delivery.AddressPolicy;
import io.moniflux.delivery.Channel;
import io.moniflux.delivery.ChannelSettings;
import io.moniflux.delivery.DeliveryResult;
import io.moniflux.delivery.DestinationRefusedException;
import io.moniflux.support.HttpSink;
import io.moniflux.telemetry.Batch;
import io.moniflux.telemetry.RunMarker;
import io.moniflux.telemetry.Signal;

/**
 * The address policy applies when a connection opens, to the address actually connected to: a host
 * that resolved to an allowed address when the test was created cannot be switched later (DNS
 * rebinding) to one the policy refuses.
 */
class ConnectTimeGuardTest {

    @Test
    void aRefusedAddressIsNeverConnectedTo() {
        try (HttpSink sink = new HttpSink()) {
            AddressPolicy refusing = (host, port, addresses) -> {
                throw new DestinationRefusedException("destination " + host + " is refused: loopback");
            };
            HttpJsonProtocol protocol = new HttpJsonProtocol(refusing);
            try (Channel channel = protocol.open(HttpJsonDestination.of("d", sink.url(), null, null), Signal.LOGS,
                    ChannelSettings.DEFAULTS)) {
                DeliveryResult result = channel.send(new Batch<>(Signal.LOGS, new RunMarker("t", "r", 0), List.of()));
                assertThat(result.errorClass()).isEqualTo("destination-refused");
            }
            assertThat(sink.count()).isZero();
        }
    }
}
