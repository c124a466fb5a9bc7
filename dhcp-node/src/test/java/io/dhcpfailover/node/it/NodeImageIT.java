package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node's container image, built by {@code scripts/build-images.sh} and run by podman as it runs
 * on Kubernetes: uid 65532, every capability dropped but NET_BIND_SERVICE and NET_RAW, no ambient
 * capabilities (the node's java binary gets both from its file capabilities), a read-only root
 * file system and the data directory a volume. In the test segment a real {@code dhclient} gets a
 * lease from it; a squatter answers pings but not TCP on the echo port, so the node hears it only
 * through an ICMP raw socket.
 *
 * <pre>
 *   squat (198.18.62.100 by hand, TCP port 7 dropped)   c1 (dhclient)
 *            \                                          /
 *             +------- lan: br0 198.18.62.0/24 -------+---- srv: eth1 198.18.62.2
 *                                                            (the node's container, standalone)
 *   pri: eth1 198.18.63.2, alone (the same image as the primary of a pair: it binds the failover
 *        port too)
 * </pre>
 */
class NodeImageIT {
  private static final String NET = "198.18.62";
  private static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata:
        name: it-image
        namespace: default
      spec:
        mode: HotStandby
        peerTLS: Disabled
        primary:
          address: %1$s.2
          interfaces: [eth1]
        secondary:
          address: %1$s.3
        subnets:
          - subnet: %1$s.0/24
            ranges: ["%1$s.100-%1$s.110"]
            leaseTime: 10m
            pingCheck:
              enabled: true
              timeoutMillis: 500
      """;
  private static final String PRIMARY_NET = "198.18.63";

  static NetLab lab;
  static Podman podman;
  static String container;
  static String primary;

  @BeforeAll
  static void setUp() throws Exception {
    Path scratch = Files.createTempDirectory("node-image-it");
    podman = Podman.require(scratch);
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    Requirements.requireCommand("nft", "nftables");
    long started = System.nanoTime();
    Podman.Image image = podman.build("node", "dhcp-node");
    System.out.printf("NodeImageIT: %s is %d MB, built in %d s%n", image.name(), image.megabytes(),
        Duration.ofNanos(System.nanoTime() - started).toSeconds());

    lab = new NetLab("nodeimg");
    for (String h : List.of("lan", "srv", "squat", "c1")) {
      lab.host(h);
    }
    lab.bridge("lan", "br0");
    lab.attach("srv", "eth1", "lan", "br0", NET + ".2/24");
    lab.attach("squat", "eth0", "lan", "br0", NET + ".100/24");
    lab.attach("c1", "eth0", "lan", "br0", null);
    Path rules = lab.dir().resolve("squat.nft");
    Files.writeString(rules,
        "table inet it_noecho {\n  chain input {\n    type filter hook input priority 0; policy accept;\n"
            + "    tcp dport 7 drop\n  }\n}\n");
    NetLab.Result nft = lab.exec("squat", Duration.ofSeconds(10), "nft", "-f", rules.toString());
    assertThat(nft.exitCode()).as("nft: " + nft.err()).isZero();

    container = lab.ns("node");
    start(container, "srv", NET, "standalone", image);
    lab.host("pri");
    lab.host("lan2");
    lab.bridge("lan2", "br0");
    lab.attach("pri", "eth1", "lan2", "br0", PRIMARY_NET + ".2/24");
    primary = lab.ns("primary");
    start(primary, "pri", PRIMARY_NET, "primary", image);
    awaitHealthy(container, "srv", NET, Duration.ofSeconds(60));
    awaitHealthy(primary, "pri", PRIMARY_NET, Duration.ofSeconds(60));
  }

  /**
   * Runs the image in {@code host}'s namespace as {@code role} of the test pair on {@code net}:
   * the pair file read-only and the data directory owned by the node's user, as the pod has them.
   */
  private static void start(String name, String host, String net, String role, Podman.Image image)
      throws Exception {
    Path conf = Files.createDirectories(lab.dir().resolve(name + "-conf"));
    Files.writeString(conf.resolve("pair.yaml"), PAIR.formatted(net));
    Path data = Files.createDirectories(lab.dir().resolve(name + "-data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(data, "unix:uid", 65532);
    Files.setAttribute(data, "unix:gid", 65532);
    podman.start(name, List.of(
        "--network", "ns:/run/netns/" + lab.ns(host),
        "--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE,NET_RAW",
        "--read-only",
        "-v", conf + ":/etc/dhcp-failover:ro",
        "-v", data + ":/var/lib/dhcp-node",
        // podman hands a non-root user its capabilities as ambient ones too, Kubernetes does not:
        // clear them, so that the node has only what its binary's file capabilities give it
        "--entrypoint", "/usr/bin/setpriv",
        image.name(),
        "--ambient-caps", "-all", "--inh-caps", "-all", "--",
        "/opt/java/bin/java", "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
        "/opt/dhcp-node/dhcp-node.jar",
        "serve", "--pair", "/etc/dhcp-failover/pair.yaml", "--role", role,
        "--data-dir", "/var/lib/dhcp-node", "--http-port", "8067"));
  }

  private static void awaitHealthy(String container, String host, String net, Duration timeout)
      throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!podman.running(container)) {
        throw new AssertionError("the node's container stopped:\n" + podman.logs(container));
      }
      NetLab.Result r = lab.exec(host, Duration.ofSeconds(5), "curl", "-s", "-o", "/dev/null",
          "-w", "%{http_code}", "--max-time", "2", "http://" + net + ".2:8067/healthz");
      if (r.out().trim().equals("200")) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError("the node's container not healthy after " + timeout + ":\n"
        + podman.logs(container));
  }

  @AfterAll
  static void tearDown() {
    for (String name : new String[] {container, primary}) {
      if (podman != null && name != null) {
        podman.remove(name);
      }
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void theNodeRunsAsItsOwnUserWithOnlyItsFileCapabilitiesAndAClientGetsALease() throws Exception {
    for (String name : List.of(container, primary)) {
      assertThat(Podman.credentials(podman.pid(name)))
          .as("uid 65532, effective NET_BIND_SERVICE and NET_RAW (bits 10 and 13), none ambient")
          .containsPattern("Uid:\\s+65532\\s+65532\\s+65532\\s+65532")
          .contains("CapEff:\t0000000000002400")
          .contains("CapAmb:\t0000000000000000");
    }
    NetLab.Result listening = lab.exec("pri", Duration.ofSeconds(10), "ss", "-Hltnu");
    assertThat(listening.out()).as("UDP 67 and the failover port 647, bound by the non-root node")
        .containsPattern("udp\\s+\\S+\\s+\\d+\\s+\\d+\\s+\\S*:67\\s")
        .containsPattern("tcp\\s+LISTEN\\s+\\d+\\s+\\d+\\s+\\S*:647\\s");

    Path script = lab.dir().resolve("c1-script.sh");
    Files.writeString(script,
        """
        #!/bin/sh
        case "$reason" in
          BOUND|RENEW|REBIND|REBOOT) ip addr add "$new_ip_address/24" dev "$interface" ;;
        esac
        exit 0
        """);
    script.toFile().setExecutable(true);
    NetLab.Result r = lab.exec("c1", Duration.ofSeconds(90), "dhclient", "-4", "-1", "-v",
        "-sf", script.toString(), "-lf", lab.dir().resolve("c1.leases").toString(),
        "-pf", lab.dir().resolve("c1.pid").toString(), "eth0");
    String out = r.out() + r.err();
    Matcher m = Pattern.compile("bound to (\\d+\\.\\d+\\.\\d+\\.\\d+)").matcher(out);
    assertThat(m.find()).as(out + "\n--- node:\n" + podman.logs(container)).isTrue();
    assertThat(m.group(1)).as("not the address the squatter answers pings on")
        .isEqualTo(NET + ".101");
    String metrics = lab.curl("srv", "http://" + NET + ".2:8067/metrics");
    assertThat(metrics).as("the squatter heard over ICMP (its echo port is silent)")
        .contains("dhcp_ping_checks_total{outcome=\"answered\"} 1.0")
        .contains("dhcp_address_conflicts_total 1.0");
    lab.exec("c1", Duration.ofSeconds(30), "dhclient", "-4", "-x", "-pf",
        lab.dir().resolve("c1.pid").toString(), "eth0");
  }
}
