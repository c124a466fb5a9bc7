package io.dhcpfailover.node.cli;

import io.dhcpfailover.node.DataDirLock;
import io.dhcpfailover.node.DhcpNode;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.failover.FailoverStateFile;
import io.dhcpfailover.node.failover.FailoverStateRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dhcp-node partner-down}: the administrative PARTNER-DOWN (failover draft §9.1). Either
 * tells a running node through its HTTP endpoint, or records the state in a stopped node's data
 * directory so that it starts in PARTNER-DOWN.
 */
@Command(
    name = "partner-down",
    mixinStandardHelpOptions = true,
    description = {
      "Declare the failover partner down: this node then serves every client and, after MCLT,"
          + " reuses the partner's addresses.",
      "WARNING: only when the partner is really down (powered off, not merely unreachable). If it"
          + " is still serving clients, both nodes may hand one address to two clients."
    })
final class PartnerDownCommand implements Callable<Integer> {

  @Option(names = "--http", description = "URL of the running node's HTTP endpoint, e.g. http://198.18.0.3:8067.")
  URI http;

  @Option(names = "--data-dir", description = "Data directory of a STOPPED node: it will start in PARTNER-DOWN.")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    System.err.println(
        "WARNING: PARTNER-DOWN means the partner is not serving. If it is, addresses may be"
            + " handed to two clients.");
    if (http != null) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(http.resolve("/failover/partner-down"))
                      .timeout(Duration.ofSeconds(10))
                      .POST(HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      System.out.print(r.body());
      return r.statusCode() == 200 ? 0 : 1;
    }
    if (dataDir == null) {
      System.err.println("give --http URL (running node) or --data-dir DIR (stopped node)");
      return 2;
    }
    // the node must be stopped: its data directory's lock says whether it is
    try (DataDirLock lock = DataDirLock.acquire(dataDir)) {
      return recordPartnerDown();
    } catch (DataDirLock.LockedException e) {
      System.err.println(e.getMessage() + ": the node runs; use --http URL instead");
      return 2;
    }
  }

  private int recordPartnerDown() throws java.io.IOException {
    FailoverStateFile file = new FailoverStateFile(dataDir.resolve(DhcpNode.FAILOVER_STATE_FILE));
    FailoverStateRecord old = file.read();
    long now = Instant.now().getEpochSecond();
    FailoverStateRecord next =
        new FailoverStateRecord(
            ServerState.PARTNER_DOWN,
            now,
            old == null ? ServerState.UNKNOWN : old.partnerState(),
            old == null ? 0 : old.partnerSince(),
            old == null ? 0 : old.mclt());
    file.write(next);
    System.out.println("recorded PARTNER-DOWN in " + file.path() + "; the node starts in it");
    return 0;
  }
}
