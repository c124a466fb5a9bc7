package io.dhcpfailover.node.engine;

import static io.dhcpfailover.node.engine.DhcpEngineTest.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which requests are members of which client classes. */
class ClientClassesTest {

  static ClientClass vendor(String name, String exact, String prefix) {
    return new ClientClass(name, exact, prefix, null, null, null, null, null, null);
  }

  static ClientClass user(String name, String userClass) {
    return new ClientClass(name, null, null, userClass, null, null, null, null, null);
  }

  static ClientClass arch(String name, Integer... types) {
    return new ClientClass(name, null, null, null, Set.of(types), null, null, null, null);
  }

  static DhcpMessage request(DhcpOptions.Builder options) {
    return msg(DhcpMessageType.DISCOVER, 1, 0, 0, options);
  }

  static DhcpOptions.Builder pxe(int arch) {
    return DhcpOptions.builder()
        .addText(60, String.format("PXEClient:Arch:%05d:UNDI:003016", arch))
        .addUint16(93, arch);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void vendorClassPrefixMatchesTheStartOfOptionSixty() {
    ClientClass c = vendor("uefi", null, "PXEClient:Arch:00007");
    assertThat(ClientClasses.matches(c, request(pxe(7)))).isTrue();
    assertThat(ClientClasses.matches(c, request(pxe(0)))).isFalse();
  }

  @Test
  void vendorClassExactMatchesTheWholeOptionOnly() {
    ClientClass c = vendor("pxe", "PXEClient", null);
    assertThat(ClientClasses.matches(c, request(DhcpOptions.builder().addText(60, "PXEClient"))))
        .isTrue();
    assertThat(ClientClasses.matches(c, request(pxe(7)))).isFalse();
  }

  @Test
  void aCriterionOnAMissingOptionDoesNotHold() {
    DhcpMessage plain = request(null);
    assertThat(ClientClasses.matches(vendor("v", null, "PXE"), plain)).isFalse();
    assertThat(ClientClasses.matches(user("u", "iPXE"), plain)).isFalse();
    assertThat(ClientClasses.matches(arch("a", 0), plain)).isFalse();
  }

  @Test
  void userClassMatchesTheWholeValueAsIpxeSendsIt() {
    assertThat(ClientClasses.matches(
            user("ipxe", "iPXE"), request(DhcpOptions.builder().add(77, ascii("iPXE")))))
        .isTrue();
    assertThat(ClientClasses.matches(
            user("ipxe", "iPXE"), request(DhcpOptions.builder().add(77, ascii("iPXE2")))))
        .isFalse();
  }

  @Test
  void userClassMatchesOneRfc3004Instance() {
    byte[] value = {3, 'a', 'b', 'c', 4, 'i', 'P', 'X', 'E'};
    assertThat(ClientClasses.matches(
            user("ipxe", "iPXE"), request(DhcpOptions.builder().add(77, value))))
        .isTrue();
    byte[] truncated = {3, 'a', 'b', 'c', 9, 'i', 'P', 'X', 'E'};
    assertThat(ClientClasses.matches(
            user("ipxe", "iPXE"), request(DhcpOptions.builder().add(77, truncated))))
        .isFalse();
  }

  @Test
  void architectureMatchesAnyTypeOfTheList() {
    DhcpMessage both = request(DhcpOptions.builder().add(93, new byte[] {0, 9, 0, 7}));
    assertThat(ClientClasses.matches(arch("uefi", 7), both)).isTrue();
    assertThat(ClientClasses.matches(arch("bios", 0), both)).isFalse();
    assertThat(ClientClasses.matches(arch("bios", 0), request(pxe(0)))).isTrue();
    DhcpMessage odd = request(DhcpOptions.builder().add(93, new byte[] {0}));
    assertThat(ClientClasses.matches(arch("bios", 0), odd)).isFalse();
  }

  @Test
  void relayCircuitAndRemoteIdsMatchTheirSubOptions() {
    byte[] relay = {1, 4, 'e', 't', 'h', '0', 2, 2, (byte) 0xab, (byte) 0xcd};
    DhcpMessage m = request(DhcpOptions.builder().add(82, relay));
    ClientClass circuit = new ClientClass("c", null, null, null, null, "65746830", null, null, null);
    ClientClass remote = new ClientClass("r", null, null, null, null, null, "abcd", null, null);
    ClientClass otherCircuit =
        new ClientClass("o", null, null, null, null, "65746831", null, null, null);
    assertThat(ClientClasses.matches(circuit, m)).isTrue();
    assertThat(ClientClasses.matches(remote, m)).isTrue();
    assertThat(ClientClasses.matches(otherCircuit, m)).isFalse();
    byte[] overrun = {1, 9, 'e', 't', 'h', '0'};
    assertThat(ClientClasses.matches(circuit, request(DhcpOptions.builder().add(82, overrun))))
        .isFalse();
  }

  @Test
  void hardwareAddressPrefixMatchesTheStartOfChaddr() {
    // msg() builds chaddr 02:00:00:00:00:<mac>
    ClientClass lab = new ClientClass(
        "lab", null, null, null, null, null, null, List.of("52", "020000"), null);
    ClientClass vm = new ClientClass("vm", null, null, null, null, null, null, List.of("525400"), null);
    assertThat(ClientClasses.matches(lab, request(null))).isTrue();
    assertThat(ClientClasses.matches(vm, request(null))).isFalse();
  }

  @Test
  void everyCriterionOfAClassMustHold() {
    ClientClass uefiIpxe =
        new ClientClass("uefi-ipxe", null, "PXEClient", "iPXE", Set.of(7), null, null, null, null);
    assertThat(ClientClasses.matches(uefiIpxe, request(pxe(7)))).isFalse();
    assertThat(ClientClasses.matches(uefiIpxe, request(pxe(7).add(77, ascii("iPXE"))))).isTrue();
    assertThat(ClientClasses.matches(uefiIpxe, request(pxe(0).add(77, ascii("iPXE"))))).isFalse();
  }

  @Test
  void membershipsComeInThePairsOrder() {
    ClientClasses classes = new ClientClasses(List.of(
        user("ipxe", "iPXE"), arch("bios", 0), arch("uefi", 7), vendor("pxe", null, "PXEClient")));
    assertThat(classes.of(request(pxe(7).add(77, ascii("iPXE")))))
        .extracting(ClientClass::name)
        .containsExactly("ipxe", "uefi", "pxe");
    assertThat(ClientClasses.names(classes.of(request(pxe(0))))).containsExactly("bios", "pxe");
    assertThat(classes.of(request(null))).isEmpty();
  }

  @Test
  void poolAdmitsMembersOrNonMembersAsItSays() {
    Pool forUefi = new Pool(1, 2, Set.of("uefi"), null, null);
    Pool notIpxe = new Pool(1, 2, null, Set.of("ipxe"), null);
    Pool both = new Pool(1, 2, Set.of("uefi"), Set.of("ipxe"), null);
    assertThat(forUefi.admits(Set.of("uefi", "pxe"))).isTrue();
    assertThat(forUefi.admits(Set.of("bios"))).isFalse();
    assertThat(notIpxe.admits(Set.of())).isTrue();
    assertThat(notIpxe.admits(Set.of("ipxe"))).isFalse();
    assertThat(both.admits(Set.of("uefi"))).isTrue();
    assertThat(both.admits(Set.of("uefi", "ipxe"))).isFalse();
  }
}
