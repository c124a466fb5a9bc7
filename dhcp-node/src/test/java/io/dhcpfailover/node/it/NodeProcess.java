package io.dhcpfailover.node.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real {@code dhcp-node} process (the shaded jar) in a test namespace. */
public final class NodeProcess {
  private final NetLab lab;
  private final String host;
  private final String name;
  private final List<String> args;
  private final String httpUrl;
  private Process process;
  private int starts;
  private List<String> prefix = List.of();

  public NodeProcess(NetLab lab, String host, String name, String httpUrl, String... args) {
    this.lab = lab;
    this.host = host;
    this.name = name;
    this.httpUrl = httpUrl;
    this.args = List.of(args);
  }

  public static String jar() {
    String jar = System.getProperty("node.jar");
    if (jar == null || !Path.of(jar).toFile().isFile()) {
      throw new IllegalStateException("node.jar not built: run mvn package first (node.jar=" + jar + ")");
    }
    return jar;
  }

  /**
   * Runs {@code dhcp-node tls init} for {@code pair} into {@code lab}'s directory and returns it:
   * {@code DIR/primary} and {@code DIR/secondary} are each node's {@code --tls-dir}.
   */
  public static Path tlsInit(NetLab lab, Path pair) throws IOException {
    Path dir = lab.dir().resolve("tls");
    NetLab.Result r =
        lab.run(Duration.ofSeconds(60), List.of(java(), "-jar", jar(), "tls", "init", "--pair", pair.toString(),
            "--out", dir.toString()));
    if (r.exitCode() != 0) {
      throw new IOException("tls init failed (" + r.exitCode() + "): " + r.out() + r.err());
    }
    return dir;
  }

  /**
   * A standalone node on {@code srv} (198.18.0.2, HTTP on 8067) serving {@code pairYaml}, written
   * to the lab's directory, with its data there too; started and ready.
   */
  public static NodeProcess standalone(NetLab lab, String pairYaml) throws IOException, InterruptedException {
    Path pair = lab.dir().resolve("pair.yaml");
    java.nio.file.Files.writeString(pair, pairYaml);
    return new NodeProcess(lab, "srv", "node", "http://198.18.0.2:8067",
            "serve", "--pair", pair.toString(), "--role", "standalone",
            "--data-dir", lab.dir().resolve("data").toString(), "--http-port", "8067")
        .start()
        .awaitReady(Duration.ofSeconds(30));
  }

  /** Stops {@code node} (if it runs) and tears {@code lab} down; either may be null. */
  public static void stopAll(NodeProcess node, NetLab lab) {
    if (node != null && node.process() != null) {
      node.terminate(Duration.ofSeconds(5));
    }
    if (lab != null) {
      lab.close();
    }
  }

  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs later starts under {@code command} (e.g. faketime); none when empty. */
  public NodeProcess prefix(String... command) {
    this.prefix = List.of(command);
    return this;
  }

  public NodeProcess start() throws IOException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(java(), "-Xmx512m", "-jar", jar()));
    cmd.addAll(args);
    process = lab.start(host, name + "-" + (++starts), cmd.toArray(String[]::new));
    return this;
  }

  /** Waits until /readyz answers 200 (bounded): the node fulfils its role (a pair node: NORMAL or serving alone). */
  public NodeProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
    return awaitOk("/readyz", "ready", timeout);
  }

  /** Waits until /healthz answers 200 (bounded): the node runs, whatever its failover state. */
  public NodeProcess awaitStarted(Duration timeout) throws IOException, InterruptedException {
    return awaitOk("/healthz", "started", timeout);
  }

  private NodeProcess awaitOk(String path, String what, Duration timeout) throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new IOException("node exited with " + process.exitValue() + ": " + log());
      }
      NetLab.Result r =
          lab.exec(host, Duration.ofSeconds(5), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
              "--max-time", "2", httpUrl + path);
      if (r.out().trim().equals("200")) {
        return this;
      }
      Thread.sleep(200);
    }
    throw new IOException("node not " + what + " after " + timeout + ": " + log());
  }

  public String status() throws IOException {
    return lab.curl(host, httpUrl + "/status");
  }

  public String metrics() throws IOException {
    return lab.curl(host, httpUrl + "/metrics");
  }

  public Process process() {
    return process;
  }

  public String log() throws IOException {
    return lab.errors(name + "-" + starts) + lab.output(name + "-" + starts);
  }

  public void kill9() {
    NetLab.kill(process);
  }

  public void terminate(Duration grace) {
    NetLab.stop(process, grace);
  }
}
