package io.dhcpfailover.node.engine;

import static io.dhcpfailover.node.engine.DhcpEngineTest.SERVER;
import static io.dhcpfailover.node.engine.DhcpEngineTest.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Ipv4;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The precedence of the levels that set options, the boot file name and the next server:
 * reservation over class over pool over subnet over global. Each level is tested against the one
 * right below it, in an engine reply, with every level below it set too.
 */
class ParameterLayersTest {
  static final int POOL_FIRST = Ipv4.parse("198.18.0.20");
  static final int RESERVED = Ipv4.parse("198.18.0.10");
  static final byte[] RESERVED_MAC = {1, 2, 0, 0, 0, 0, 9};
  /** An option every level may set (NTP servers), asked for by the client. */
  static final int NTP = 42;

  /** The levels, lowest first. */
  static final List<String> LEVELS = List.of("global", "subnet", "pool", "class", "reservation");

  final DhcpEngineTest.MutableClock clock =
      new DhcpEngineTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final MemoryLeaseStore store = new MemoryLeaseStore();

  /** What {@code level} sets: its own NTP server, boot file name and next server. */
  static Parameters level(int index) {
    return new Parameters(
        DhcpOptions.builder().addIpv4(NTP, Ipv4.parse("198.18.9." + (index + 1))).build(),
        BootParameters.of(
            Ipv4.parse("198.18.8." + (index + 1)), null, LEVELS.get(index) + ".efi"));
  }

  /** A subnet where the levels up to {@code top} are set, the client a member of the class. */
  Reply reply(int top) {
    Parameters global = top >= 0 ? level(0) : Parameters.NONE;
    Parameters subnet = top >= 1 ? level(1) : Parameters.NONE;
    Parameters pool = top >= 2 ? level(2) : Parameters.NONE;
    Parameters klass = top >= 3 ? level(3) : Parameters.NONE;
    List<Reservation> reservations = new ArrayList<>();
    if (top >= 4) {
      reservations.add(new Reservation(RESERVED_MAC, null, RESERVED, null, level(4).boot(),
          level(4).options()));
    }
    ClientClasses classes = new ClientClasses(List.of(
        new ClientClass("ipxe", null, null, "iPXE", null, null, null, null, klass)));
    Subnet s = new Subnet(Ipv4.parse("198.18.0.0"), 24, List.of(),
        List.of(new Pool(POOL_FIRST, POOL_FIRST + 9, Set.of("ipxe"), null, pool)),
        RenewalTimes.defaults(600), subnet, global, classes, reservations);
    DhcpEngine engine = new DhcpEngine(SERVER, List.of(s), Map.of("eth1", s), store, clock,
        DhcpEngine.EngineMetrics.NONE, ServicePolicy.STANDALONE);
    DhcpMessage discover = msg(DhcpMessageType.DISCOVER, 9, 0, 0, DhcpOptions.builder()
        .add(77, "iPXE".getBytes(StandardCharsets.US_ASCII))
        .add(55, new byte[] {(byte) NTP, 67}));
    return engine.handle(discover, new Ingress("eth1", 0, 68)).toCompletableFuture().join();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void eachLevelOverridesTheOneBelowForOptionsBootFileAndNextServer(int top) {
    DhcpMessage offer = reply(top).message();
    String expectedFile = LEVELS.get(top) + ".efi";
    assertThat(offer.options().getIpv4(NTP, 0))
        .as("option 42 from %s", LEVELS.get(top))
        .isEqualTo(Ipv4.parse("198.18.9." + (top + 1)));
    assertThat(offer.options().getText(67)).as("boot file from %s", LEVELS.get(top))
        .isEqualTo(expectedFile);
    assertThat(offer.siaddr()).as("next server from %s", LEVELS.get(top))
        .isEqualTo(Ipv4.parse("198.18.8." + (top + 1)));
  }

  @Test
  void aLevelThatLeavesAThingUnsetLetsTheOneBelowSpeak() {
    Parameters reservation =
        new Parameters(DhcpOptions.empty(), BootParameters.of(0, null, "mine.efi"));
    Parameters resolved = ParameterLayers.resolve(
        reservation, List.of(), null, level(1), level(0));
    assertThat(resolved.boot()).isEqualTo(BootParameters.of(Ipv4.parse("198.18.8.2"), null,
        "mine.efi"));
    assertThat(resolved.options().getIpv4(NTP, 0)).isEqualTo(Ipv4.parse("198.18.9.2"));
  }

  @Test
  void amongClassesTheOneListedFirstWins() {
    ClientClass first = new ClientClass("a", null, null, "x", null, null, null, null, level(4));
    ClientClass second = new ClientClass("b", null, null, "x", null, null, null, null, level(3));
    Parameters resolved = ParameterLayers.resolve(
        null, List.of(first, second), level(2), level(1), level(0));
    assertThat(resolved.boot().bootFileName())
        .isEqualTo("reservation.efi".getBytes(StandardCharsets.US_ASCII));
    assertThat(resolved.options().getIpv4(NTP, 0)).isEqualTo(Ipv4.parse("198.18.9.5"));
  }
}
