package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Network-boot settings, explicit T1/T2, a subnet mask other than the prefix's, host names and
 * client classes as a real client (dhclient) records them, in network namespaces. The PXE clients
 * send what firmware and iPXE send in their DISCOVER and REQUEST: a vendor class {@code
 * PXEClient:Arch:xxxxx:UNDI:yyyzzz} (option 60), the architecture (option 93) and, for iPXE, the
 * user class {@code iPXE} (option 77).
 *
 * <pre>
 *   c1 (dhclient, dynamic)   c2 (dhclient, reserved 198.18.0.20, its own long boot file)
 *   c3 (UEFI x64), c4 (BIOS), c5 (iPXE on UEFI x64)
 *        \                  /
 *         +---- lan: br0 198.18.0.0/24 ---- srv: eth1 198.18.0.2 (dhcp-node)
 * </pre>
 */
class PxeBootIT {
  static NetLab lab;
  static NodeProcess node;

  static final String LONG_BOOT_FILE = "http://boot.pxe.example/ipxe/" + "x".repeat(110) + ".ipxe";

  static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata:
        name: it-pxe
        namespace: default
      spec:
        mode: HotStandby
        primary:
          address: 198.18.0.2
          interfaces: [eth1]
        secondary:
          address: 198.18.0.3
        classes:
          - name: ipxe
            userClass: iPXE
            bootFileName: http://198.18.0.69/boot.ipxe
          - name: uefi-x64
            vendorClassPrefix: "PXEClient:Arch:00007"
            architectures: [7]
            bootFileName: ipxe.efi
          - name: bios
            vendorClassPrefix: "PXEClient:Arch:00000"
            architectures: [0]
            bootFileName: undionly.kpxe
            nextServer: 198.18.0.70
        subnets:
          - subnet: 198.18.0.0/24
            ranges: ["198.18.0.100-198.18.0.250"]
            pools:
              - range: 198.18.0.30-198.18.0.49
                classes: [ipxe, uefi-x64, bios]
            leaseTime: 10m
            renewalTime: 2m
            rebindingTime: 7m
            routers: [198.18.0.1]
            subnetMask: 255.255.254.0
            hostname: pxe-client
            nextServer: 198.18.0.69
            tftpServerName: tftp.pxe.example
            bootFileName: pxelinux.0
            reservations:
              - hardwareAddress: "02:00:00:00:00:22"
                address: 198.18.0.20
                hostname: uefi-box
                bootFileName: %s
      """
          .formatted(LONG_BOOT_FILE);

  @BeforeAll
  static void setUp() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    lab = new NetLab("pxeboot");
    for (String h : List.of("lan", "srv", "c1", "c2", "c3", "c4", "c5")) {
      lab.host(h);
    }
    lab.bridge("lan", "br0");
    lab.attach("srv", "eth1", "lan", "br0", "198.18.0.2/24");
    lab.attach("c1", "eth0", "lan", "br0", null);
    lab.attach("c2", "eth0", "lan", "br0", null);
    for (String h : List.of("c3", "c4", "c5")) {
      lab.attach(h, "eth0", "lan", "br0", null);
    }
    lab.exec("c2", Duration.ofSeconds(10), "ip", "link", "set", "eth0", "address", "02:00:00:00:00:22");
    node = NodeProcess.standalone(lab, PAIR);
  }

  @AfterAll
  static void tearDown() {
    NodeProcess.stopAll(node, lab);
  }

  /** What dhclient told its script on binding (its environment), and the lease file it wrote. */
  record Bound(String env, String leases) {}

  static Bound dhclient(String host, String request) throws Exception {
    Path envFile = lab.dir().resolve(host + ".env");
    Path script = lab.dir().resolve(host + "-script.sh");
    Files.writeString(script,
        """
        #!/bin/sh
        case "$reason" in
          BOUND|RENEW|REBIND|REBOOT)
            ip addr flush dev "$interface" scope global 2>/dev/null
            ip addr add "$new_ip_address/${new_subnet_mask:-255.255.255.0}" dev "$interface"
            env > %s
            ;;
          EXPIRE|FAIL|RELEASE|STOP)
            ip addr flush dev "$interface" scope global 2>/dev/null
            ;;
        esac
        exit 0
        """.formatted(envFile));
    script.toFile().setExecutable(true);
    Path conf = lab.dir().resolve(host + ".conf");
    Files.writeString(conf, request);
    Path leases = lab.dir().resolve(host + ".leases");
    String[] common = {"-sf", script.toString(), "-cf", conf.toString(), "-lf", leases.toString(),
        "-pf", lab.dir().resolve(host + ".pid").toString(), "eth0"};
    NetLab.Result r = lab.exec(host, Duration.ofSeconds(60), concat(
        new String[] {"dhclient", "-4", "-1", "-v"}, common));
    assertThat(r.out() + r.err()).contains("bound to 198.18.0.");
    Bound bound = new Bound(Files.readString(envFile), Files.readString(leases));
    lab.exec(host, Duration.ofSeconds(30), concat(new String[] {"dhclient", "-4", "-r"}, common));
    return bound;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void dhclientGetsTheSubnetsBootSettingsAndRenewalTimes() throws Exception {
    Bound b = dhclient("c1",
        "request subnet-mask, routers, host-name, tftp-server-name, bootfile-name,"
            + " dhcp-renewal-time, dhcp-rebinding-time;\n");
    // the subnet's mask and host name, as configured
    assertThat(b.leases()).contains("option subnet-mask 255.255.254.0;")
        .contains("option host-name \"pxe-client\";");
    // the header fields of RFC 2131 §2: siaddr, sname, file
    assertThat(b.leases()).contains("filename \"pxelinux.0\";")
        .contains("server-name \"tftp.pxe.example\";");
    assertThat(b.env()).contains("new_next_server=198.18.0.69");
    // options 66 and 67, asked for in option 55
    assertThat(b.leases()).contains("option tftp-server-name \"tftp.pxe.example\";")
        .contains("option bootfile-name \"pxelinux.0\";");
    // explicit T1 and T2
    assertThat(b.leases()).contains("option dhcp-lease-time 600;")
        .contains("option dhcp-renewal-time 120;")
        .contains("option dhcp-rebinding-time 420;");
  }

  @Test
  void aReservationsLongBootFileComesInOptionSixtySevenWithTheSubnetsNextServer() throws Exception {
    Bound b = dhclient("c2", "request subnet-mask, routers;\n");
    assertThat(b.env()).contains("new_ip_address=198.18.0.20").contains("new_next_server=198.18.0.69");
    // too long for the 128-byte file field: option 67 alone, though not asked for
    assertThat(b.leases()).contains("option bootfile-name \"" + LONG_BOOT_FILE + "\";")
        .doesNotContain("filename ");
    assertThat(b.leases()).contains("server-name \"tftp.pxe.example\";");
    // the reservation's host name, unasked, over the subnet's
    assertThat(b.leases()).contains("option host-name \"uefi-box\";");
  }

  /** A dhclient configuration that sends what PXE firmware of {@code arch} sends. */
  static String pxeClient(int arch, String userClass) {
    return """
        option client-arch code 93 = unsigned integer 16;
        send vendor-class-identifier "PXEClient:Arch:%05d:UNDI:003016";
        send client-arch %d;
        %s
        request subnet-mask, routers, bootfile-name, tftp-server-name;
        """.formatted(arch, arch, userClass == null ? "" : "send user-class \"" + userClass + "\";");
  }

  @Test
  void aUefiPxeClientGetsTheUefiBootFileFromItsClass() throws Exception {
    Bound b = dhclient("c3", pxeClient(7, null));
    assertThat(b.leases()).contains("filename \"ipxe.efi\";")
        .contains("option bootfile-name \"ipxe.efi\";");
    // the next server and TFTP server name the class leaves unset are the subnet's
    assertThat(b.env()).contains("new_next_server=198.18.0.69");
    assertThat(b.leases()).contains("server-name \"tftp.pxe.example\";");
  }

  @Test
  void aBiosPxeClientGetsTheBiosBootFileAndItsClasssNextServer() throws Exception {
    Bound b = dhclient("c4", pxeClient(0, null));
    assertThat(b.leases()).contains("filename \"undionly.kpxe\";")
        .contains("option bootfile-name \"undionly.kpxe\";");
    assertThat(b.env()).contains("new_next_server=198.18.0.70");
  }

  @Test
  void ipxeGetsTheHttpScriptUrlInsteadOfTheTftpBootFile() throws Exception {
    Bound b = dhclient("c5", pxeClient(7, "iPXE"));
    assertThat(b.leases()).contains("filename \"http://198.18.0.69/boot.ipxe\";")
        .contains("option bootfile-name \"http://198.18.0.69/boot.ipxe\";")
        .doesNotContain("ipxe.efi");
  }
}
