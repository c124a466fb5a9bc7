package io.dhcpfailover.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** spec.limits in the receive path: DISCOVERs per hardware address, requests per relay. */
class RequestLimiterTest {
  static final long SECOND = 1_000_000_000L;
  static final int RELAY = Ipv4.parse("198.18.1.1");
  static final RequestLimiter.Rates RATES = new RequestLimiter.Rates(4, 100);

  static DhcpMessage message(DhcpMessageType type, byte[] mac, int giaddr) {
    byte[] chaddr = new byte[16];
    System.arraycopy(mac, 0, chaddr, 0, mac.length);
    DhcpOptions o = DhcpOptions.builder().addByte(53, type.code()).build();
    return new DhcpMessage(1, 1, 6, 0, 1, 0, 0, 0, 0, 0, giaddr, chaddr, null, null, true, o, 0);
  }

  static byte[] mac(long n) {
    return new byte[] {2, 0, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }

  static int passed(RequestLimiter limiter, List<DhcpMessage> messages, long now) {
    int passed = 0;
    for (DhcpMessage m : messages) {
      passed += limiter.dropReason(m, RATES, now) == null ? 1 : 0;
    }
    return passed;
  }

  @Test
  void dropsDiscoversOfOneHardwareAddressOverItsRate() {
    RequestLimiter limiter = new RequestLimiter(RATES);
    DhcpMessage d = message(DhcpMessageType.DISCOVER, mac(1), 0);
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.dropReason(d, RATES, 0)).isNull();
    }
    assertThat(limiter.dropReason(d, RATES, 0)).isEqualTo(RequestLimiter.CLIENT_RATE_LIMIT);
    assertThat(limiter.dropReason(message(DhcpMessageType.DISCOVER, mac(2), 0), RATES, 0))
        .as("another client").isNull();
    assertThat(limiter.dropReason(d, RATES, SECOND / 4)).as("a token back after 1/4 s").isNull();
  }

  @Test
  void requestsAreNotLimitedPerClient() {
    RequestLimiter limiter = new RequestLimiter(RATES);
    DhcpMessage r = message(DhcpMessageType.REQUEST, mac(1), 0);
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.dropReason(r, RATES, 0)).isNull();
    }
  }

  @Test
  void dropsRelayedRequestsOverTheRelaysRate() {
    RequestLimiter limiter = new RequestLimiter(RATES);
    List<DhcpMessage> flood = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      flood.add(message(i % 2 == 0 ? DhcpMessageType.DISCOVER : DhcpMessageType.REQUEST, mac(i), RELAY));
    }
    assertThat(passed(limiter, flood, 0)).isEqualTo(100);
    assertThat(limiter.dropReason(flood.get(0), RATES, 0)).isEqualTo(RequestLimiter.RELAY_RATE_LIMIT);
    assertThat(limiter.dropReason(message(DhcpMessageType.DISCOVER, mac(5000), Ipv4.parse("198.18.2.1")), RATES, 0))
        .as("another relay").isNull();
    assertThat(limiter.dropReason(message(DhcpMessageType.DISCOVER, mac(5001), 0), RATES, 0))
        .as("a direct client is not counted against any relay").isNull();
  }

  @Test
  void aFloodOfRandomHardwareAddressesNeitherStopsARealClientNorGrowsMemory() {
    RequestLimiter limiter = new RequestLimiter(RATES);
    SplittableRandom random = new SplittableRandom(3);
    DhcpMessage real = message(DhcpMessageType.DISCOVER, mac(0xabcdef), 0);
    int realPassed = 0;
    // 10 s of 10000 random-MAC DISCOVERs a second; the real client retransmits every 4 s
    for (int i = 0; i < 100_000; i++) {
      long now = i * (SECOND / 10_000);
      limiter.dropReason(message(DhcpMessageType.DISCOVER, mac(random.nextLong()), 0), RATES, now);
      if (i % 40_000 == 0) {
        realPassed += limiter.dropReason(real, RATES, now) == null ? 1 : 0;
      }
    }
    assertThat(realPassed).isEqualTo(3);
    assertThat(limiter.trackedClients()).isLessThanOrEqualTo(RequestLimiter.MAX_CLIENTS);
  }

  @Test
  void changedRatesApplyAtOnce() {
    RequestLimiter limiter = new RequestLimiter(RATES);
    DhcpMessage d = message(DhcpMessageType.DISCOVER, mac(1), 0);
    RequestLimiter.Rates one = new RequestLimiter.Rates(1, 100);
    assertThat(limiter.dropReason(d, one, 0)).isNull();
    assertThat(limiter.dropReason(d, one, 0)).isEqualTo(RequestLimiter.CLIENT_RATE_LIMIT);
  }

  @Test
  void hardwareAddressesThatDifferInTheirLastByteAreDifferentClients() {
    assertThat(RequestLimiter.clientKey(message(DhcpMessageType.DISCOVER, mac(1), 0)))
        .isNotEqualTo(RequestLimiter.clientKey(message(DhcpMessageType.DISCOVER, mac(2), 0)));
  }
}
