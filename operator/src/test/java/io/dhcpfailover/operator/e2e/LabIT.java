package io.dhcpfailover.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dhcpfailover.lab.NamespaceLab;
import io.dhcpfailover.node.it.Requirements;
import io.dhcpfailover.operator.deploy.Tools;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab as a user runs it (the README's main job without the script): {@code java -jar
 * dhcp-failover-lab.jar up} as a process, then only the real kubectl and a real dhclient: apply
 * {@code examples/hot-standby.yaml} unchanged, both nodes NORMAL in {@code kubectl get dfp}, a lease
 * on the lab's client segment, an image patch rolled to the end (the operator's events in {@code
 * kubectl describe}). The {@code kubectl dfp} plugin, found by the real kubectl on PATH, reads the
 * pair's status and the lease from both nodes through the API server's pod proxy, refuses
 * partner-down without confirmation, sets the continue-upgrade annotation, and puts the primary
 * in PARTNER-DOWN once the secondary is killed. The lab's real Prometheus ({@code --prometheus})
 * scrapes both node pods and the operator, and its DhcpFailoverPartnerDown alert fires for the
 * primary. Then the lab is killed with SIGKILL, as a crash would, and {@code lab down} must remove
 * every node process and namespace it left.
 */
class LabIT {
  private static final String PREFIX = "dfplabit";
  private static final String NEW_IMAGE = "ghcr.io/dhcpfailover/dhcp-node:0.1.1";
  /** The lab's Prometheus (lab up --prometheus), on the lab's segment. */
  private static final String PROMETHEUS = "http://198.18.0.5:9090";

  @TempDir Path dir;
  Path state;
  String kubectl;
  Path pluginBin;
  Process lab;

  @BeforeEach
  void setUp() {
    Requirements.require(
        NamespaceLab.available(),
        "root and network namespaces, where the lab runs its pods (run as root; apt-get install"
            + " iproute2)");
    Requirements.requireCommand("dhclient", "isc-dhcp-client");
    Requirements.requireCommand("prometheus", "prometheus");
    kubectl = Tools.require("kubectl", "bash scripts/install-test-deps.sh puts one in target/tools");
    state = dir.resolve("lab");
  }

  /** A directory holding only a kubectl-dfp link to the launcher, as a user installs it. */
  private Path installPlugin() throws IOException {
    Path launcher = Path.of(System.getProperty("kubectl.dfp", "../kubectl-plugin/kubectl-dfp"))
        .toAbsolutePath();
    assertThat(launcher).as("the plugin's launcher").isExecutable();
    assertThat(launcher.resolveSibling("target/kubectl-dfp.jar"))
        .as("the plugin's jar (mvn package builds it)").isRegularFile();
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("kubectl-dfp"), launcher);
    return bin;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (lab != null && lab.isAlive()) {
      lab.destroyForcibly();
    }
    labCommand(Duration.ofSeconds(60), "down", "--state-dir", state.toString(), "--prefix", PREFIX);
  }

  @Test
  void kubectlAppliesThePairItRollsAndLabDownCleansUpAfterACrash() throws Exception {
    List<String> up = labJava("up", "--state-dir", state.toString(), "--prefix", PREFIX,
        "--prometheus");
    Path out = dir.resolve("lab.out");
    lab = new ProcessBuilder(up).redirectErrorStream(true).redirectOutput(out.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    await(Duration.ofSeconds(60), "lab up printed LAB_READY", out,
        () -> read(out).contains("LAB_READY"));
    assertThat(read(out)).contains("export KUBECONFIG=" + state.resolve("kubeconfig"));

    assertThat(kubectl("apply", "-f", examples().resolve("hot-standby.yaml").toString()))
        .contains("dhcpfailoverpair.dhcpfailover.io/campus-a created");
    await(Duration.ofSeconds(90), "both nodes NORMAL in kubectl get dfp", out,
        () -> row().matches("campus-a\\s+HotStandby\\s+NORMAL\\s+NORMAL\\s.*"));

    assertThat(read(out)).contains("Prometheus: " + PROMETHEUS + "/alerts");
    await(Duration.ofSeconds(60), "Prometheus scraping both node pods and the operator", out,
        () -> scrapedTargets().containsAll(List.of("dhcp-failover-nodes dhcp/campus-a primary up",
            "dhcp-failover-nodes dhcp/campus-a secondary up", "dhcp-failover-operator up")));

    NamespaceLab.Result lease = dhclient(PREFIX + "-client1");
    assertThat(lease.out()).as(lease.out()).containsPattern("DHCPACK of 198\\.18\\.\\d+\\.\\d+ from 198\\.18\\.0\\.2");

    pluginBeforeTheRoll(lease.out());

    kubectl("patch", "dfp", "campus-a", "--type", "merge",
        "-p", "{\"spec\":{\"image\":\"" + NEW_IMAGE + "\"}}");
    await(Duration.ofSeconds(120), "the roll to " + NEW_IMAGE + " finished, both NORMAL", out,
        () -> NEW_IMAGE.equals(kubectl("get", "dfp", "campus-a", "-o",
                "jsonpath={.status.upgrade.lastTo}"))
            && row().matches("campus-a\\s+HotStandby\\s+NORMAL\\s+NORMAL\\s.*"));
    String describe = kubectl("describe", "dfp", "campus-a");
    assertThat(describe).contains("UpgradeStarted", "RestartingNode", "UpgradeCompleted");
    assertThat(kubectl("get", "pods", "campus-a-primary-0", "-o",
        "jsonpath={.spec.containers[0].image}")).isEqualTo(NEW_IMAGE);

    partnerDownOnAKilledSecondary();
    // the lab's Prometheus evaluates the project's rules: PARTNER-DOWN for a minute (for: 1m)
    await(Duration.ofSeconds(150), "DhcpFailoverPartnerDown firing for dhcp/campus-a primary", out,
        () -> firingAlerts().contains("DhcpFailoverPartnerDown dhcp/campus-a primary"));

    // a crash of the lab leaves its nodes running; lab down removes them and every namespace
    long primaryPid = Long.parseLong(
        Files.readString(state.resolve("pods/campus-a-primary-0/pid")).trim());
    lab.destroyForcibly();
    assertThat(lab.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ProcessHandle.of(primaryPid).map(ProcessHandle::isAlive)).contains(true);
    assertThat(namespaces()).isNotEmpty();

    NamespaceLab.Result down =
        labCommand(Duration.ofSeconds(60), "down", "--state-dir", state.toString());
    assertThat(down.exitCode()).as(down.out()).isZero();
    assertThat(namespaces()).as(down.out()).isEmpty();
    await(Duration.ofSeconds(10), "the primary's node process (pid " + primaryPid + ") gone", out,
        () -> !running(primaryPid));
    assertThat(run(Duration.ofSeconds(10), List.of("ip", "link", "show", PREFIX + "u")).exitCode())
        .as("the uplink is gone").isNotZero();
  }

  /** kubectl dfp status, leases, partner-down refused, continue-upgrade: the pair both NORMAL. */
  private void pluginBeforeTheRoll(String dhclientOut) throws Exception {
    pluginBin = installPlugin();
    assertThat(run(Duration.ofSeconds(20), List.of(kubectl, "plugin", "list"),
        Map.of("PATH", pluginBin + File.pathSeparator + System.getenv("PATH"))).out())
        .as("kubectl finds the plugin").contains(pluginBin.resolve("kubectl-dfp").toString());
    String status = dfp(0, "status", "campus-a", "-n", "dhcp");
    assertThat(status).containsPattern("(?m)^state +NORMAL since \\S+ \\(.*\\) +NORMAL since ");
    assertThat(status).containsPattern("(?m)^partner link +Up to 198\\.18\\.0\\.3 +Up to 198\\.18\\.0\\.2$");
    assertThat(status).containsPattern("(?m)^reported by +the node \\(/status\\) +the node \\(/status\\)$");
    assertThat(status).containsPattern("(?m)^198\\.18\\.0\\.0/22 +primary +\\d+ +\\d+ +1 ");
    assertThat(status).containsPattern("(?m)^Ready +True ");
    assertThat(status).contains("Created StatefulSet campus-a-primary");

    String address = dhclientOut.replaceAll("(?s).*DHCPACK of (\\S+) from.*", "$1");
    String mac = run(Duration.ofSeconds(10), List.of("ip", "netns", "exec", PREFIX + "-client1",
        "cat", "/sys/class/net/eth0/address")).out().trim();
    await(Duration.ofSeconds(15), "the lease of " + mac + " on both nodes", dir.resolve("lab.out"),
        () -> dfp(0, "leases", "campus-a", "-n", "dhcp", "--mac", mac)
            .matches("(?s).*\\n" + address.replace(".", "\\.") + " +PRIMARY.*\\nstate +ACTIVE +ACTIVE\\n.*"));
    assertThat(dfp(0, "leases", "campus-a", "-n", "dhcp", "--mac", mac))
        .containsPattern("(?m)^mac +" + mac + " +" + mac + "$");
    assertThat(dfp(0, "leases", "campus-a", "-n", "dhcp", "--ip", "198.18.3.251"))
        .contains("no binding for ip=198.18.3.251 on either node");

    String refused = dfp(1, "partner-down", "campus-a", "-n", "dhcp", "--node", "primary");
    assertThat(refused).contains("two servers may give one address", "not confirmed: nothing was done");
    assertThat(row()).matches("campus-a\\s+HotStandby\\s+NORMAL\\s+NORMAL\\s.*");

    assertThat(dfp(0, "continue-upgrade", "campus-a", "-n", "dhcp"))
        .contains("annotated dhcpfailover.io/continue-upgrade");
    assertThat(kubectl("get", "dfp", "campus-a", "-o",
        "jsonpath={.metadata.annotations.dhcpfailover\\.io/continue-upgrade}")).isNotBlank();
  }

  /** The lab's Prometheus's active targets: "job namespace/pair role health" or "job health". */
  private static List<String> scrapedTargets() {
    List<String> targets = new ArrayList<>();
    for (JsonNode t : prometheus("/api/v1/targets").path("data").path("activeTargets")) {
      JsonNode l = t.path("labels");
      targets.add(l.path("job").asText()
          + (l.has("pair") ? " " + l.path("namespace").asText() + "/" + l.path("pair").asText()
              + " " + l.path("role").asText() : "")
          + " " + t.path("health").asText());
    }
    return targets;
  }

  /** The lab's Prometheus's firing alerts: "alertname namespace/pair role". */
  private static List<String> firingAlerts() {
    List<String> firing = new ArrayList<>();
    for (JsonNode a : prometheus("/api/v1/alerts").path("data").path("alerts")) {
      JsonNode l = a.path("labels");
      if ("firing".equals(a.path("state").asText())) {
        firing.add(l.path("alertname").asText() + " " + l.path("namespace").asText() + "/"
            + l.path("pair").asText() + " " + l.path("role").asText());
      }
    }
    return firing;
  }

  private static JsonNode prometheus(String path) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(PROMETHEUS + path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(r.body());
    } catch (IOException e) {
      return new ObjectMapper().createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ObjectMapper().createObjectNode();
    }
  }

  /** kill -9 of the secondary, then partner-down on the primary, confirmed: PARTNER-DOWN. */
  private void partnerDownOnAKilledSecondary() throws Exception {
    long secondary = Long.parseLong(
        Files.readString(state.resolve("pods/campus-a-secondary-0/pid")).trim());
    ProcessHandle.of(secondary).ifPresent(ProcessHandle::destroyForcibly);
    String done = dfp(0, "partner-down", "campus-a", "-n", "dhcp", "--node", "primary", "--yes");
    assertThat(done).contains("WARNING", "campus-a-primary-0: state PARTNER-DOWN");
    assertThat(dfp(0, "status", "campus-a", "-n", "dhcp"))
        .containsPattern("(?m)^state +PARTNER-DOWN since ");
  }

  /** {@code kubectl dfp ARGS} with the plugin on PATH and the lab's kubeconfig; checks its exit code. */
  private String dfp(int expectedExit, String... args) {
    List<String> cmd = new ArrayList<>(List.of(kubectl, "dfp"));
    cmd.addAll(List.of(args));
    try {
      NamespaceLab.Result r = run(Duration.ofSeconds(60), cmd, Map.of(
          "PATH", pluginBin + File.pathSeparator + System.getenv("PATH"),
          "KUBECONFIG", state.resolve("kubeconfig").toString(),
          "XDG_CACHE_HOME", dir.resolve("cache").toString()));
      assertThat(r.exitCode()).as("%s\n%s", String.join(" ", cmd), r.out()).isEqualTo(expectedExit);
      return r.out();
    } catch (IOException e) {
      throw new AssertionError(String.join(" ", cmd) + ": " + e.getMessage(), e);
    }
  }

  /** Alive and not a zombie waiting for its new parent to reap it (the lab, its parent, was killed). */
  private static boolean running(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    String stat = read(Path.of("/proc/" + pid + "/stat"));
    int end = stat.lastIndexOf(')');
    return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) != 'Z';
  }

  /** The pair's row in {@code kubectl get dfp}, or "" when there is none. */
  private String row() {
    String table = kubectl("get", "dfp", "--no-headers");
    return table.lines().filter(l -> l.startsWith("campus-a")).findFirst().orElse("").trim();
  }

  private NamespaceLab.Result dhclient(String ns) throws IOException {
    Path script = Files.writeString(dir.resolve("dhclient-script"), "#!/bin/sh\nexit 0\n");
    script.toFile().setExecutable(true);
    Path conf = Files.writeString(dir.resolve("dhclient.conf"), "");
    return run(Duration.ofSeconds(60), List.of("ip", "netns", "exec", ns, "timeout", "50",
        "dhclient", "-4", "-1", "-v", "-sf", script.toString(), "-cf", conf.toString(),
        "-lf", dir.resolve(ns + ".leases").toString(), "-pf", dir.resolve(ns + ".pid").toString(),
        "eth0"));
  }

  private static List<String> namespaces() throws IOException {
    List<String> found = new ArrayList<>();
    for (String line : run(Duration.ofSeconds(10), List.of("ip", "netns", "list")).out().split("\n")) {
      if (line.startsWith(PREFIX + "-")) {
        found.add(line.split("\\s+")[0]);
      }
    }
    return found;
  }

  private static Path examples() {
    return Path.of(System.getProperty("examples.dir", "../examples"));
  }

  private static List<String> labJava(String... args) {
    Path jar = Path.of(System.getProperty("lab.jar", "../lab/target/dhcp-failover-lab.jar"));
    assertThat(jar).as("the lab's jar (mvn package builds it)").isRegularFile();
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  private NamespaceLab.Result labCommand(Duration timeout, String... args) throws IOException {
    return run(timeout, labJava(args));
  }

  /** kubectl with the lab's kubeconfig; fails with its output unless it exits 0. */
  private String kubectl(String... args) {
    List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig",
        state.resolve("kubeconfig").toString(), "--cache-dir", dir.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    try {
      NamespaceLab.Result r = run(Duration.ofSeconds(60), cmd);
      assertThat(r.exitCode()).as("%s\n%s", String.join(" ", cmd), r.out()).isZero();
      return r.out();
    } catch (IOException e) {
      throw new AssertionError(String.join(" ", cmd) + ": " + e.getMessage(), e);
    }
  }

  private static NamespaceLab.Result run(Duration timeout, List<String> cmd) throws IOException {
    return run(timeout, cmd, Map.of());
  }

  private static NamespaceLab.Result run(Duration timeout, List<String> cmd, Map<String, String> env)
      throws IOException {
    Path out = Files.createTempFile("lab-it", ".out");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        NamespaceLab.kill(p);
        throw new IOException("timed out after " + timeout + ": " + String.join(" ", cmd));
      }
      return new NamespaceLab.Result(p.exitValue(), Files.readString(out));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** Polls {@code condition} every 500 ms; on timeout fails with the end of the lab's output. */
  private static void await(Duration timeout, String what, Path labOut, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    AssertionError last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (AssertionError e) {
        last = e;
      }
      Thread.sleep(500);
    }
    String log = read(labOut);
    throw new AssertionError(what + " not reached within " + timeout + "; lab output (end):\n"
        + log.substring(Math.max(0, log.length() - 4000)), last);
  }
}
