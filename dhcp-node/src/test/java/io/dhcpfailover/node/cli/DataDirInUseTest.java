package io.dhcpfailover.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.DataDirLock;
import io.dhcpfailover.node.DhcpNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two node processes on one data directory: the second refuses to start and names the first;
 * {@code leases} reads the store beside the running node; {@code partner-down --data-dir} refuses a
 * directory a node is using. The nodes are real processes (standalone, on 127.0.0.1 and unprivileged
 * ports), so the lock is held by another process, as in production.
 */
class DataDirInUseTest {
  @TempDir static Path dir;
  private static Path pair;
  private static Path data;
  private static Process first;
  private static final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void startFirstNode() throws Exception {
    pair = dir.resolve("pair.yaml");
    data = dir.resolve("data");
    Files.writeString(
        pair,
        """
        apiVersion: dhcpfailover.io/v1alpha1
        kind: DhcpFailoverPair
        metadata: {name: locktest}
        spec:
          primary: {address: 127.0.0.1}
          secondary: {address: 127.0.0.2}
          subnets:
            - {subnet: 198.18.0.0/24, ranges: ["198.18.0.10-198.18.0.20"]}
        """);
    int http = freeTcpPort();
    first = serve("first", http);
    awaitReady(first, http, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopNodes() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSecondNodeOnTheSameDataDirRefusesToStartNamingTheFirstOnesPid() throws Exception {
    long journalBefore = Files.size(data.resolve("leases.journal"));
    Process second = serve("second", freeTcpPort());
    boolean exited = second.waitFor(30, TimeUnit.SECONDS);

    assertThat(exited).as("the second node must refuse to start, not run").isTrue();
    assertThat(second.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("second.err")))
        .contains("process " + first.pid())
        .contains(data.toString());
    assertThat(first.isAlive()).isTrue();
    assertThat(Files.size(data.resolve("leases.journal"))).isEqualTo(journalBefore);
  }

  @Test
  void leasesReadsTheStoreBesideARunningNodeWithoutTakingTheLock() throws Exception {
    Output out = runInProcess("leases", "--data-dir", data.toString(), "--all");

    assertThat(out.code()).isZero();
    assertThat(out.out()).contains("ADDRESS").contains("binding(s)");
    // the running node still holds the directory
    try {
      DataDirLock.acquire(data).close();
      throw new AssertionError("the data directory was not locked by the running node");
    } catch (DataDirLock.LockedException expected) {
      assertThat(expected.holderPid()).hasValue(first.pid());
    }
  }

  @Test
  void partnerDownOnTheDataDirOfARunningNodeRefusesNamingItsPid() throws Exception {
    Output out = runInProcess("partner-down", "--data-dir", data.toString());

    assertThat(out.code()).isEqualTo(2);
    assertThat(out.err()).contains("process " + first.pid());
    assertThat(data.resolve(DhcpNode.FAILOVER_STATE_FILE)).doesNotExist();
  }

  @Test
  void partnerDownOnAStoppedNodesDataDirTakesTheLockAndWritesTheState() throws Exception {
    Path stopped = dir.resolve("stopped");
    Output out = runInProcess("partner-down", "--data-dir", stopped.toString());

    assertThat(out.code()).isZero();
    assertThat(stopped.resolve(DhcpNode.FAILOVER_STATE_FILE)).exists();
    assertThat(Files.readString(stopped.resolve(DataDirLock.FILE)).trim())
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
  }

  private static Process serve(String name, int httpPort) throws IOException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve", "--pair", pair.toString(), "--role", "standalone",
                "--data-dir", data.toString(),
                "--http-address", "127.0.0.1", "--http-port", Integer.toString(httpPort),
                "--dhcp-port", Integer.toString(freeUdpPort()),
                "--client-port", Integer.toString(freeUdpPort()))
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    started.add(p);
    return p;
  }

  private static void awaitReady(Process p, int httpPort, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!p.isAlive()) {
        throw new AssertionError("the first node exited with " + p.exitValue());
      }
      try {
        HttpResponse<Void> r =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the first node was not ready within " + timeout);
  }

  private record Output(int code, String out, String err) {}

  private static synchronized Output runInProcess(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }
}
