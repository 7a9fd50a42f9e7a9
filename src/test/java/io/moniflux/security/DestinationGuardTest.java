package io.moniflux.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import io.moniflux.config.EmbeddedDatabase;
import io.moniflux.delivery.AddressLiterals;
import io.moniflux.delivery.DestinationRefusedException;

class DestinationGuardTest {

    static DestinationGuard guard(List<String> allow, List<String> deny, Boolean loopback, boolean embedded) {
        SecurityProperties properties = new SecurityProperties(null, true, List.of(), DataSize.ofKilobytes(256), null, null,
                new SecurityProperties.Jwt("preferred_username", "roles"),
                new SecurityProperties.Destinations(allow, deny, loopback),
                new SecurityProperties.FailedAuthentication(20, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (embedded) {
            beans.addBean("embedded", new EmbeddedDatabase(null));
        }
        return new DestinationGuard(properties, beans.getBeanProvider(EmbeddedDatabase.class),
                new MockEnvironment().withProperty("local.server.port", "8080"));
    }

    static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void cloudMetadataAndLinkLocalAreRefusedByDefault() throws Exception {
        DestinationGuard guard = guard(List.of(), List.of(), null, false);
        assertThat(guard.refusal("169.254.169.254", 80, ip("169.254.169.254"))).contains("cloud metadata");
        assertThat(guard.refusal("fd00:ec2::254", 80, ip("fd00:ec2::254"))).contains("cloud metadata");
        assertThat(guard.refusal("metadata.google.internal", 80, ip("10.0.0.1"))).contains("cloud metadata");
        assertThat(guard.refusal("169.254.10.10", 80, ip("169.254.10.10"))).contains("link-local");
        assertThat(guard.refusal("fe80::1", 80, ip("fe80::1"))).contains("link-local");
        assertThat(guard.refusal("0.0.0.0", 80, ip("0.0.0.0"))).contains("unspecified");
        assertThat(guard.refusal("collector", 4318, ip("10.1.2.3"))).isNull();
    }

    @Test
    void loopbackIsAllowedOnlyInTheDeveloperSetupOrByConfiguration() throws Exception {
        assertThat(guard(List.of(), List.of(), null, false).refusal("localhost", 9000, ip("127.0.0.1"))).contains("loopback");
        assertThat(guard(List.of(), List.of(), null, false).refusal("::1", 9000, ip("::1"))).contains("loopback");
        assertThat(guard(List.of(), List.of(), null, true).refusal("localhost", 9000, ip("127.0.0.1"))).isNull();
        assertThat(guard(List.of(), List.of(), true, false).refusal("localhost", 9000, ip("127.0.0.1"))).isNull();
        assertThat(guard(List.of(), List.of(), false, true).refusal("localhost", 9000, ip("127.0.0.1"))).contains("loopback");
        assertThat(guard(List.of(), List.of(), true, false).refusal("localhost", 8080, ip("127.0.0.1")))
                .as("MoniFlux's own port").contains("own HTTP port");
    }

    @Test
    void theDenyListRefusesHostsPatternsAndRanges() throws Exception {
        DestinationGuard guard = guard(List.of(), List.of("10.0.0.0/8", "*.internal.example", "db.prod"), null, false);
        assertThat(guard.refusal("x", 80, ip("10.20.30.40"))).contains("deny 10.0.0.0/8");
        assertThat(guard.refusal("api.internal.example", 80, ip("192.0.2.1"))).contains("*.internal.example");
        assertThat(guard.refusal("DB.PROD", 80, ip("192.0.2.2"))).contains("deny db.prod");
        assertThat(guard.refusal("collector", 80, ip("192.0.2.3"))).isNull();
    }

    @Test
    void anAllowListAdmitsOnlyWhatItNamesButNeverMetadata() throws Exception {
        DestinationGuard guard = guard(List.of("192.0.2.0/24", "*.obs.svc"), List.of(), null, false);
        assertThat(guard.refusal("a", 80, ip("192.0.2.9"))).isNull();
        assertThat(guard.refusal("loki.obs.svc", 80, ip("10.9.9.9"))).isNull();
        assertThat(guard.refusal("b", 80, ip("198.51.100.1"))).contains("not in the allow list");
        DestinationGuard metadata = guard(List.of("169.254.0.0/16"), List.of(), null, false);
        assertThat(metadata.refusal("m", 80, ip("169.254.169.254"))).contains("always denied");
    }

    @Test
    void aHostIsRefusedWhenEveryAddressIsAndKeepsItsAllowedAddressesOtherwise() throws Exception {
        DestinationGuard guard = guard(List.of(), List.of(), false, false);
        assertThatThrownBy(() -> guard.permitted("evil", 80, List.of(ip("169.254.169.254"), ip("127.0.0.1"))))
                .isInstanceOf(DestinationRefusedException.class).hasMessageContaining("evil (169.254.169.254) is refused");
        assertThat(guard.permitted("mixed", 80, List.of(ip("127.0.0.1"), ip("192.0.2.7")))).containsExactly(ip("192.0.2.7"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "0x7f000001", "017700000001", "2130706433", "127.1", "127.0.0.01", "0x7f.0.0.1", "1.2.3.4.5"})
    void anAmbiguousAddressLiteralIsRefusedBeforeAnythingReadsIt(String host) {
        DestinationGuard guard = guard(List.of(), List.of(), true, true);
        assertThatThrownBy(() -> guard.permitted(host, 80, List.of())).isInstanceOf(DestinationRefusedException.class)
                .hasMessageContaining("ambiguous address literal");
        assertThat(AddressLiterals.ambiguity(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "255.255.255.255", "collector", "1password.example", "0.example", "::1", "fd00::1"})
    void namesAndCanonicalLiteralsAreNotAmbiguous(String host) {
        assertThat(AddressLiterals.ambiguity(host)).isEmpty();
    }

    @Test
    void anIpv4AddressInsideAnIpv6OneIsJudgedByTheIpv4Address() throws Exception {
        DestinationGuard guard = guard(List.of(), List.of(), false, false);
        assertThat(guard.refusal("::127.0.0.1", 80, ip("::127.0.0.1"))).contains("loopback").contains("inside");
        assertThat(guard.refusal("64:ff9b::a9fe:a9fe", 80, ip("64:ff9b::a9fe:a9fe"))).contains("cloud metadata");
        assertThat(guard.refusal("2002:a9fe:a9fe::1", 80, ip("2002:a9fe:a9fe::1"))).contains("cloud metadata");
        assertThat(guard.refusal("2002:c000:0201::1", 80, ip("2002:c000:0201::1"))).as("6to4 of 192.0.2.1").isNull();
        assertThat(guard.refusal("2001:db8::1", 80, ip("2001:db8::1"))).isNull();
    }
}
