package io.dhcpfailover.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.lab.ApiFront;
import io.dhcpfailover.lab.DiscoveryCrudDispatcher;
import io.dhcpfailover.lab.LabCluster;
import io.dhcpfailover.operator.deploy.Tools;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's commands from the README, run with a real {@code kubectl} against the mock API server
 * (with the discovery documents and server-side printing kubectl needs): apply an example, list
 * pairs with their printer columns.
 *
 * <p>kubectl comes from the system property {@code kubectl}, else the environment variable {@code
 * KUBECTL}, else {@code target/tools/kubectl} (where scripts/install-test-deps.sh puts kubectl
 * 1.34), else the {@code PATH} ({@link Tools}); without one the test is skipped, or fails under
 * {@code CI=true}.
 */
class KubectlIT {
  static final String NS = "dhcp";

  @TempDir Path dir;
  KubernetesMockServer server;
  KubernetesClient client;
  Path kubeconfig;
  String kubectl;

  @BeforeEach
  void setUp() throws Exception {
    kubectl = Tools.require("kubectl", "bash scripts/install-test-deps.sh puts one in target/tools");
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new DiscoveryCrudDispatcher("1.34.0"),
            false);
    server.init();
    client = server.createClient();
    E2eCluster.createCrds(client);
    kubeconfig =
        Files.writeString(
            dir.resolve("kubeconfig"),
            """
            apiVersion: v1
            kind: Config
            clusters:
              - name: mock
                cluster:
                  server: %s
            users:
              - name: user
                user: {}
            contexts:
              - name: mock
                context: {cluster: mock, user: user, namespace: default}
            current-context: mock
            """
                .formatted(client.getMasterUrl().toString().replaceAll("/$", "")));
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  void applyCreatesThePairFromTheExample() throws Exception {
    Path example = Path.of(System.getProperty("examples.dir", "../examples"), "hot-standby.yaml");

    String out = kubectl("apply", "-f", example.toString());

    assertThat(out).contains("dhcpfailoverpair.dhcpfailover.io/campus-a created");
    DhcpFailoverPair pair =
        client.resources(DhcpFailoverPair.class).inNamespace(NS).withName("campus-a").get();
    assertThat(pair).isNotNull();
    assertThat(pair.getSpec().getSubnets()).hasSize(1);
    assertThat(pair.getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/last-applied-configuration");
  }

  @Test
  void getWideShowsBothStatesAndTheLeaseCount() throws Exception {
    Path example = Path.of(System.getProperty("examples.dir", "../examples"), "hot-standby.yaml");
    kubectl("apply", "-f", example.toString());
    client
        .resources(DhcpFailoverPair.class)
        .inNamespace(NS)
        .withName("campus-a")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(
                Map.of(
                    "status",
                    Map.of(
                        "primary",
                        Map.of("state", "NORMAL", "leases", Map.of("active", 412)),
                        "secondary",
                        Map.of("state", "PARTNER-DOWN"),
                        "upgrade",
                        Map.of("phase", "WaitingForPrimaryNormal"),
                        "conditions",
                        List.of(
                            Map.of(
                                "type", "Ready",
                                "status", "True",
                                "reason", "BothNormal",
                                "lastTransitionTime", "2025-06-01T12:00:00Z"))))));

    String out = kubectl("get", "dfp", "-n", NS, "-o", "wide");
    System.out.println("kubectl get dfp -n " + NS + " -o wide\n" + out);

    String[] lines = out.strip().split("\n");
    assertThat(lines).as(out).hasSize(2);
    List<String> header = Arrays.asList(lines[0].trim().split("\\s+"));
    List<String> row = Arrays.asList(lines[1].trim().split("\\s+"));
    assertThat(header)
        .containsExactly(
            "NAME", "MODE", "PRIMARY", "SECONDARY", "LEASES", "READY", "AGE", "UPGRADE");
    assertThat(row).hasSameSizeAs(header);
    assertThat(row.get(header.indexOf("NAME"))).isEqualTo("campus-a");
    assertThat(row.get(header.indexOf("MODE"))).isEqualTo("HotStandby");
    assertThat(row.get(header.indexOf("PRIMARY"))).isEqualTo("NORMAL");
    assertThat(row.get(header.indexOf("SECONDARY"))).isEqualTo("PARTNER-DOWN");
    assertThat(row.get(header.indexOf("LEASES"))).isEqualTo("412");
    assertThat(row.get(header.indexOf("READY"))).isEqualTo("True");
    assertThat(row.get(header.indexOf("AGE"))).matches("\\d+s");
    assertThat(row.get(header.indexOf("UPGRADE"))).isEqualTo("WaitingForPrimaryNormal");

    // without -o wide the upgrade column stays out of the way
    String narrow = kubectl("get", "dfp", "-n", NS);
    System.out.println("kubectl get dfp -n " + NS + "\n" + narrow);
    assertThat(narrow.strip().split("\n")[0].trim().split("\\s+"))
        .containsExactly("NAME", "MODE", "PRIMARY", "SECONDARY", "LEASES", "READY", "AGE");
  }

  @Test
  void shortNameAndFullNameListTheSamePair() throws Exception {
    kubectl(
        "apply",
        "-f",
        Path.of(System.getProperty("examples.dir", "../examples"), "hot-standby.yaml").toString());

    assertThat(kubectl("get", "dfp", "-n", NS, "-o", "name"))
        .isEqualTo("dhcpfailoverpair.dhcpfailover.io/campus-a\n");
    assertThat(
            kubectl(
                "get",
                "dhcpfailoverpairs.dhcpfailover.io",
                "campus-a",
                "-n",
                NS,
                "-o",
                "jsonpath={.spec.mode}"))
        .isEqualTo("HotStandby");
  }

  /**
   * {@code kubectl get dfp -w} through the lab's API front (the mock itself watches over WebSocket
   * only): the pair's row, then a new row as each status change lands.
   */
  @Test
  void getWatchPrintsARowForEachChange() throws Exception {
    kubectl("apply", "-f",
        Path.of(System.getProperty("examples.dir", "../examples"), "hot-standby.yaml").toString());
    try (ApiFront front = new ApiFront("127.0.0.1",
        java.net.URI.create(client.getMasterUrl().toString().replaceAll("/$", "")))) {
      Path frontConfig = Files.writeString(dir.resolve("kubeconfig-front"),
          LabCluster.kubeconfigText("127.0.0.1", front.port(), NS));
      Path out = dir.resolve("watch.out");
      Process watch = new ProcessBuilder(kubectl, "--kubeconfig=" + frontConfig,
          "--cache-dir=" + dir.resolve("cache"), "get", "dfp", "-w")
          .redirectOutput(out.toFile()).redirectError(dir.resolve("watch.err").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      try {
        awaitLines(out, 2, "the header and the pair's row");
        for (String[] states : List.of(new String[] {"NORMAL", "PARTNER-DOWN"},
            new String[] {"NORMAL", "RECOVER"}, new String[] {"NORMAL", "NORMAL"})) {
          int before = Files.readAllLines(out).size();
          client.resources(DhcpFailoverPair.class).inNamespace(NS).withName("campus-a")
              .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                  Serialization.asJson(Map.of("status", Map.of(
                      "primary", Map.of("state", states[0]),
                      "secondary", Map.of("state", states[1])))));
          List<String> lines = awaitLines(out, before + 1, "a row for secondary " + states[1]);
          List<String> row = Arrays.asList(lines.get(lines.size() - 1).trim().split("\\s+"));
          assertThat(row).as(String.join("\n", lines)).startsWith("campus-a", "HotStandby", states[0], states[1]);
        }
        List<String> all = Files.readAllLines(out);
        System.out.println("kubectl get dfp -w\n" + String.join("\n", all));
        assertThat(all.get(0).trim().split("\\s+")).startsWith("NAME", "MODE", "PRIMARY", "SECONDARY");
        assertThat(watch.isAlive()).as("kubectl still watching").isTrue();
      } finally {
        watch.destroy();
        watch.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> awaitLines(Path file, int count, String what) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> lines = List.of();
    while (System.nanoTime() < end) {
      lines = Files.readAllLines(file);
      if (lines.size() >= count) {
        return lines;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + what + " within 30 s; kubectl printed:\n" + String.join("\n", lines));
  }

  /** Runs kubectl against the mock; fails with its output unless it exits 0 within 60 s. */
  private String kubectl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl);
    cmd.add("--kubeconfig=" + kubeconfig);
    cmd.add("--cache-dir=" + dir.resolve("cache"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "kubectl", ".out");
    Path err = Files.createTempFile(dir, "kubectl", ".err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl timed out: " + String.join(" ", cmd));
    }
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    assertThat(p.exitValue())
        .as("%s\nstdout:\n%s\nstderr:\n%s", String.join(" ", cmd), stdout, stderr)
        .isZero();
    return stdout;
  }
}
