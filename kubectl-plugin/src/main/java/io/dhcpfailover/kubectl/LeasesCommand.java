package io.dhcpfailover.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kubectl dfp leases NAME --mac MAC | --ip IP}. */
@Command(name = "leases", mixinStandardHelpOptions = true,
    description = "The bindings both nodes hold for one client (--mac) or address (--ip), side by side.")
final class LeasesCommand implements Callable<Integer> {
  static final Pattern MAC =
      Pattern.compile("\\p{XDigit}{2}([:-])\\p{XDigit}{2}(\\1\\p{XDigit}{2}){4}");
  static final Pattern IP =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin DfpCommand.ClusterOptions cluster;

  @Parameters(index = "0", paramLabel = "NAME", description = "the DhcpFailoverPair")
  String name;

  static final class Query {
    @Option(names = "--mac", paramLabel = "MAC", description = "client hardware address, e.g. 02:00:00:00:00:01")
    String mac;

    @Option(names = "--ip", paramLabel = "IP", description = "IPv4 address, e.g. 198.18.0.100")
    String ip;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Query query;

  @Override
  public Integer call() throws IOException {
    String q = query();
    try (Cluster c = cluster.connect()) {
      JsonNode pair = c.pair(name);
      List<LeasesView.Answer> answers = new ArrayList<>();
      for (String role : StatusView.ROLES) {
        StatusView.Node n = StatusCommand.node(c, pair, role,
            "/leases?" + q.replaceFirst("=.*", "") + "="
                + URLEncoder.encode(q.substring(q.indexOf('=') + 1), StandardCharsets.UTF_8));
        answers.add(new LeasesView.Answer(role, n.pod(), n.status(), n.error()));
      }
      spec.commandLine().getOut().print(LeasesView.render(
          c.namespace() + "/" + name, q, answers, Instant.now()));
      spec.commandLine().getOut().flush();
      return answers.stream().anyMatch(a -> a.answer() != null) ? 0 : 1;
    }
  }

  /** {@code mac=..} or {@code ip=..}, checked before anything is asked. */
  String query() {
    if (query.mac != null) {
      if (!MAC.matcher(query.mac).matches()) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--mac must be six hex octets such as 02:00:00:00:00:01, got '" + query.mac + "'");
      }
      return "mac=" + query.mac.toLowerCase(java.util.Locale.ROOT).replace('-', ':');
    }
    if (!IP.matcher(query.ip).matches()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--ip must be an IPv4 address such as 198.18.0.100, got '" + query.ip + "'");
    }
    return "ip=" + query.ip;
  }
}
