package io.dhcpfailover.node.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real dhclient runs in a lab's hosts, and reading a node's metrics, as several ITs need them. */
final class Dhclients {
  private Dhclients() {}

  /** The project's dhclient script, copied into the lab's directory; its path. */
  static Path script(NetLab lab) throws Exception {
    Path script = lab.dir().resolve("dhclient-script.sh");
    try (var in = Dhclients.class.getResourceAsStream("/it/dhclient-script.sh")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    script.toFile().setExecutable(true);
    return script;
  }

  /**
   * One dhclient attempt on {@code host}'s eth0 that gives up after {@code timeoutSeconds} (the
   * script must have been copied with {@link #script}); its output.
   */
  static String once(NetLab lab, String host, int timeoutSeconds) throws Exception {
    Path conf = lab.dir().resolve(host + ".conf");
    Files.writeString(conf, "timeout " + timeoutSeconds + ";\nretry 1;\n");
    NetLab.Result r = lab.exec(host, Duration.ofSeconds(timeoutSeconds + 20), "dhclient", "-4", "-v", "-1",
        "-sf", lab.dir().resolve("dhclient-script.sh").toString(), "-cf", conf.toString(),
        "-lf", lab.dir().resolve(host + ".leases").toString(),
        "-pf", lab.dir().resolve(host + ".pid").toString(), "eth0");
    return r.out() + r.err();
  }

  /** The value of one series in a Prometheus text scrape, or -1 when it is absent. */
  static double metric(String metrics, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
