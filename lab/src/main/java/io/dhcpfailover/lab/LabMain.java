package io.dhcpfailover.lab;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lab up} and {@code lab down}: a local Kubernetes API endpoint with the operator and real
 * node processes ({@link LabCluster}), for kubectl. Exit codes: 0 done, 1 failed, 2 bad usage or a
 * missing prerequisite.
 */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    subcommands = {LabMain.Up.class, LabMain.Down.class},
    description = "A local lab: a Kubernetes API endpoint, the operator, every pod a real node process.")
public final class LabMain implements Runnable {
  static final String DEFAULT_PREFIX = "dfplab";

  /** Held so that its level stays: the mock server logs every request at INFO. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    // the lab's own log set-up, named so that it does not become that of whoever has this module
    // on its class path (the operator's tests)
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "lab-logback.xml");
    }
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    System.exit(new CommandLine(new LabMain()).execute(args));
  }

  /** The project's root: the lab jar lives in {@code <root>/lab/target/}. */
  static Path projectRoot() {
    try {
      Path here = Path.of(LabMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = here.getParent().getParent().getParent();
      return root == null ? Path.of(".") : root;
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of(".");
    }
  }

  static Path defaultStateDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "dhcp-failover-lab");
  }

  static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (java.nio.file.Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** Root and iproute2, or a message saying what is missing. */
  static Optional<String> missingPrerequisite() {
    return NamespaceLab.available()
        ? Optional.empty()
        : Optional.of("the lab needs root and iproute2 (ip netns): run it with sudo;"
            + " apt-get install iproute2");
  }

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Start the lab and keep it up until Ctrl-C (or lab down); then remove all of it.")
  static final class Up implements Callable<Integer> {
    @Option(names = "--state-dir", description = "kubeconfig, state file, pod files and logs"
        + " (default: ${DEFAULT-VALUE})")
    Path stateDir = defaultStateDir();

    @Option(names = "--node-jar", description = "default: dhcp-node/target/dhcp-node.jar of the project")
    Path nodeJar;

    @Option(names = "--operator-jar",
        description = "default: operator/target/dhcp-failover-operator.jar of the project")
    Path operatorJar;

    @Option(names = "--crds", description = "directory of CRD files (default: crds/ of the project)")
    Path crds;

    @Option(names = "--clients", description = "client hosts on the segment (default: ${DEFAULT-VALUE})")
    int clients = 2;

    @Option(names = "--prefix", description = "network namespace prefix (default: ${DEFAULT-VALUE})")
    String prefix = DEFAULT_PREFIX;

    @Option(names = "--prometheus", description = "also run a Prometheus (Debian's prometheus on"
        + " PATH) that scrapes the node pods the API server holds and the operator, and evaluates"
        + " deploy/monitoring/dhcp-failover.rules.yaml")
    boolean prometheus;

    @Override
    public Integer call() throws Exception {
      PrintStream out = System.out;
      if (prometheus && !onPath("prometheus")) {
        System.err.println("--prometheus needs prometheus on PATH: apt-get install prometheus");
        return 2;
      }
      Optional<String> missing = missingPrerequisite();
      if (missing.isPresent()) {
        System.err.println(missing.get());
        return 2;
      }
      if (clients < 0 || clients > 20) {
        System.err.println("--clients: 0 to 20, not " + clients);
        return 2;
      }
      Path root = projectRoot();
      LabCluster.Parts parts;
      LabState state;
      try {
        parts = new LabCluster.Parts(
            nodeJar != null ? nodeJar : root.resolve("dhcp-node/target/dhcp-node.jar"),
            operatorJar != null ? operatorJar
                : root.resolve("operator/target/dhcp-failover-operator.jar"),
            crds != null ? crds : root.resolve("crds"),
            prometheus ? root.resolve("deploy/monitoring/dhcp-failover.rules.yaml") : null);
        state = LabState.ofThisProcess(prefix, NamespaceLab.uplinkName(prefix));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      Optional<LabState> previous = LabState.read(stateDir);
      if (previous.isPresent() && previous.get().liveProcess().isPresent()) {
        System.err.println("a lab already runs from " + stateDir + " (pid " + previous.get().pid()
            + "): stop it with lab down --state-dir " + stateDir);
        return 2;
      }
      LabSweep sweep = new LabSweep(out);
      if (previous.isPresent()) {
        out.println("removing what a killed lab left behind");
        sweep.sweep(previous.get().prefix(), previous.get().uplink());
      }
      List<String> foreign = LabSweep.namespaces(prefix);
      if (!foreign.isEmpty()) {
        System.err.println("network namespaces " + foreign + " exist: another lab runs, or one was"
            + " killed; run lab down (with that lab's --state-dir) first");
        return 2;
      }
      state.write(stateDir);

      NamespaceLab lab = new NamespaceLab(prefix, stateDir);
      CountDownLatch stopped = new CountDownLatch(1);
      LabCluster[] cluster = new LabCluster[1];
      Thread hook = new Thread(() -> {
        out.println("lab: stopping; removing the lab's processes, namespaces and link");
        if (cluster[0] != null) {
          cluster[0].close();
        } else {
          lab.close();
        }
        try {
          LabState.delete(stateDir);
        } catch (java.io.IOException e) {
          System.err.println("could not delete the state file: " + e.getMessage());
        }
        out.println("lab: down");
        out.flush();
        stopped.countDown();
      }, "lab-down");
      Runtime.getRuntime().addShutdownHook(hook);
      cluster[0] = LabCluster.start(lab, parts, clients);
      printUsage(out, cluster[0]);
      stopped.await();
      return 0;
    }

    private void printUsage(PrintStream out, LabCluster c) {
      String p = c.lab().prefix();
      out.println("lab: up. API server " + c.apiServer()
          + " (fabric8's mock in CRUD mode), the operator in " + p + "-operator, pods on cluster"
          + " nodes worker-a (" + p + "-worker-a, " + LabCluster.address(2) + ") and worker-b ("
          + p + "-worker-b, " + LabCluster.address(3) + ")");
      out.println("  export KUBECONFIG=" + c.kubeconfig());
      out.println("  kubectl apply -f examples/hot-standby.yaml      # pairs go in namespace "
          + LabCluster.NAMESPACE);
      out.println("  kubectl get dfp");
      out.println("  kubectl dfp status campus-a                      # with kubectl-plugin/kubectl-dfp on PATH");
      out.println("  kubectl patch dfp campus-a --type merge -p '{\"spec\":{\"image\":\"ghcr.io/"
          + "dhcpfailover/dhcp-node:0.1.1\"}}'");
      for (int i = 1; i <= c.clients(); i++) {
        out.println("  ip netns exec " + p + "-client" + i + " dhclient -v -1 eth0   # a client on"
            + " the segment " + LabCluster.NET + ".0/" + LabCluster.PREFIX_LENGTH);
      }
      out.println("  pod logs and PIDs: " + c.lab().dir().resolve("pods") + "/<pod>/");
      if (c.prometheus() != null) {
        out.println("  Prometheus: " + c.prometheus() + "/alerts (the node pods, the operator,"
            + " the project's alert rules)");
      }
      out.println("Ctrl-C (or lab down --state-dir " + stateDir + ") stops the lab and removes it.");
      out.println("LAB_READY kubeconfig=" + c.kubeconfig());
      out.flush();
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true,
      description = "Stop a running lab, or remove what a killed one left (its state file and its"
          + " namespace prefix).")
  static final class Down implements Callable<Integer> {
    @Option(names = "--state-dir", description = "the lab's state directory (default: ${DEFAULT-VALUE})")
    Path stateDir = defaultStateDir();

    @Option(names = "--prefix", description = "namespace prefix when there is no state file"
        + " (default: ${DEFAULT-VALUE})")
    String prefix = DEFAULT_PREFIX;

    @Override
    public Integer call() throws Exception {
      Optional<String> missing = missingPrerequisite();
      if (missing.isPresent()) {
        System.err.println(missing.get());
        return 2;
      }
      LabState state;
      try {
        Optional<LabState> read = LabState.read(stateDir);
        state = read.isPresent()
            ? read.get()
            : new LabState(ProcessHandle.current().pid(), null, prefix,
                NamespaceLab.uplinkName(prefix));
      } catch (IllegalArgumentException e) {
        System.err.println(stateDir.resolve(LabState.FILE) + ": " + e.getMessage());
        return 2;
      }
      int removed = new LabSweep(System.out).down(state, Duration.ofSeconds(40));
      LabState.delete(stateDir);
      System.out.println(removed == 0 ? "lab down: nothing to remove" : "lab down: done");
      return 0;
    }
  }
}
