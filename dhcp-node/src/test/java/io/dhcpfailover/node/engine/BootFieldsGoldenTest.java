package io.dhcpfailover.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpDecoder;
import io.dhcpfailover.node.codec.dhcp.DhcpEncoder;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bytes of siaddr, sname and file in an encoded reply, against the layout of RFC 2131 §2
 * (Figure 1: siaddr at offset 20, sname 64 bytes at 44, file 128 bytes at 108, NUL-terminated
 * strings), and the boot file of option 67 read back through option overload (RFC 2132 §9.3).
 */
class BootFieldsGoldenTest {
  final MemoryLeaseStore store = new MemoryLeaseStore();

  byte[] encodedOffer(Subnet subnet, byte... requested) {
    DhcpEngine engine = new DhcpEngine(DhcpEngineTest.SERVER, List.of(subnet),
        Map.of("eth1", subnet), store,
        new DhcpEngineTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
        DhcpEngine.EngineMetrics.NONE, ServicePolicy.STANDALONE);
    DhcpMessage discover = DhcpEngineTest.msg(DhcpMessageType.DISCOVER, 1, 0, 0,
        DhcpOptions.builder().add(55, requested));
    Reply offer = engine.handle(discover, new Ingress("eth1", 0, 68)).toCompletableFuture().join();
    return new DhcpEncoder().encodeReply(offer.message(), offer.maxSize());
  }

  @Test
  void siaddrSnameAndFileSitWhereRfc2131PutsThem() throws Exception {
    byte[] wire = encodedOffer(
        BootAndRenewalTest.subnet(RenewalTimes.defaults(600), BootAndRenewalTest.pxe()),
        (byte) 1);
    // siaddr: 4 bytes at offset 20, network order
    assertThat(HexFormat.of().formatHex(wire, 20, 24)).isEqualTo("c6120045"); // 198.18.0.69
    // sname: 64 bytes at offset 44, "tftp.lab.example" then NUL padding
    byte[] sname = new byte[64];
    System.arraycopy("tftp.lab.example".getBytes(), 0, sname, 0, 16);
    assertThat(Arrays.copyOfRange(wire, 44, 108)).isEqualTo(sname);
    // file: 128 bytes at offset 108, "pxelinux.0" then NUL padding
    byte[] file = new byte[128];
    System.arraycopy("pxelinux.0".getBytes(), 0, file, 0, 10);
    assertThat(Arrays.copyOfRange(wire, 108, 236)).isEqualTo(file);
    // then the magic cookie, with no option 52: nothing is overloaded
    assertThat(HexFormat.of().formatHex(wire, 236, 240)).isEqualTo("63825363");
    assertThat(new DhcpDecoder().decodeAny(wire).options().has(52)).isFalse();
  }

  @Test
  void aLongBootFileTravelsInOptionSixtySevenWhileTheFileFieldIsOverloaded() throws Exception {
    String longName = "http://boot.lab.example/" + "x".repeat(140) + ".ipxe";
    DhcpOptions big = DhcpOptions.builder()
        .addIpv4(1, Ipv4.parse("255.255.255.0"))
        .add(43, filled(90, 0x11))
        .add(125, filled(90, 0x22))
        .build();
    Subnet subnet = new Subnet(Ipv4.parse("198.18.0.0"), 24,
        List.<int[]>of(new int[] {Ipv4.parse("198.18.0.100"), Ipv4.parse("198.18.0.102")}),
        RenewalTimes.defaults(600), big, BootParameters.of(Ipv4.parse("198.18.0.69"), null, longName),
        List.of());
    byte[] wire = encodedOffer(subnet, (byte) 1, (byte) 43, (byte) 125);
    assertThat(wire.length).isLessThanOrEqualTo(DhcpEncoder.DEFAULT_MAX_SIZE);
    DhcpMessage read = new DhcpDecoder().decodeAny(wire);
    assertThat(read.options().getUnsigned(52, 0) & 1).as("file overloaded").isEqualTo(1);
    assertThat(wire[108]).as("file holds options, not a name").isNotEqualTo((byte) 0);
    assertThat(read.options().getText(67)).isEqualTo(longName);
    assertThat(read.options().get(43)).isEqualTo(filled(90, 0x11));
    assertThat(read.options().get(125)).isEqualTo(filled(90, 0x22));
    assertThat(read.siaddr()).isEqualTo(Ipv4.parse("198.18.0.69"));
  }

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
