package io.dhcpfailover.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.validation.PairValidator;
import io.dhcpfailover.node.config.PairFileLoader;
import io.dhcpfailover.node.journal.JournalSnapshot;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Ipv4;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Path resource(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/migrate/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  int run(String... args) {
    CommandLine cmd = new CommandLine(new Main());
    // the subcommands print through these streams
    cmd.getSubcommands().get("import").getSubcommands().values().forEach(c -> {
      ImportCommand.Source s = (ImportCommand.Source) c.getCommand();
      s.err = new PrintStream(err, true, StandardCharsets.UTF_8);
      s.stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    });
    return cmd.execute(args);
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void importsIscDhcpdConfigurationAndLeasesIntoAPairFileAndALeaseStore() throws Exception {
    Path conf = resource("isc-standalone.conf");
    Path leases = resource("isc-dhcpd.leases");
    Path target = dir.resolve("out");
    int code = run("import", "isc-dhcpd", "--conf", conf.toString(), "--leases", leases.toString(),
        "--out", target.toString(), "--name", "lab", "--address", "198.18.10.2",
        "--secondary-address", "198.18.10.3", "--interface", "veth-lab");
    assertThat(code).as(stderr()).isZero();

    DhcpFailoverPair pair = PairFileLoader.load(target.resolve("pair.yaml"));
    assertThat(PairValidator.validate(pair)).isEmpty();
    assertThat(pair.getMetadata().getName()).isEqualTo("lab");

    Collection<Lease> stored = JournalSnapshot.read(target.resolve("data"));
    List<String> addresses = new ArrayList<>();
    for (Lease l : stored) {
      addresses.add(Ipv4.format(l.address()) + " " + l.state().name());
    }
    assertThat(addresses).containsExactlyInAnyOrder(
        "198.18.10.100 ACTIVE", "198.18.10.102 ACTIVE", "198.18.10.103 EXPIRED", "198.18.10.104 ABANDONED");
    Lease alpha = stored.stream().filter(l -> l.address() == Ipv4.parse("198.18.10.100")).findFirst().orElseThrow();
    assertThat(alpha.end()).isEqualTo(1893553800L);
    assertThat(alpha.hostname()).isEqualTo("alpha");
    assertThat(alpha.state()).isEqualTo(BindingState.ACTIVE);
    assertThat(stderr()).contains(
        "isc-standalone.conf: line 5: max-lease-time 600; not translated",
        "isc-dhcpd.leases: line 59: lease 198.18.99.5 lies in no subnet of the pair file: not imported");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("(4 lease(s))");
  }

  @Test
  void importsKeaConfigurationAndMemfile() throws Exception {
    Path conf = resource("kea-dhcp4-ha.json");
    Path leases = resource("kea-leases4.csv");
    Path target = dir.resolve("out");
    int code = run("import", "kea", "--conf", conf.toString(), "--leases", leases.toString(),
        "--out", target.toString());
    assertThat(code).as(stderr()).isZero();
    DhcpFailoverPair pair = PairFileLoader.load(target.resolve("pair.yaml"));
    assertThat(PairValidator.validate(pair)).isEmpty();
    assertThat(JournalSnapshot.read(target.resolve("data"))).hasSize(5);
    assertThat(stderr()).contains("kea-dhcp4-ha.json: Dhcp4.subnet4[1].reservations[2].duid not translated");
  }

  @Test
  void refusesWithoutTheAddressesAPairNeedsAndWritesNothing() throws Exception {
    Path conf = resource("isc-standalone.conf");
    Path target = dir.resolve("out");
    int code = run("import", "isc-dhcpd", "--conf", conf.toString(), "--out", target.toString());
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("error: spec.primary.address", "--address", "--secondary-address",
        "no pair file written");
    assertThat(target.resolve("pair.yaml")).doesNotExist();
  }

  @Test
  void refusesToOverwriteALeaseStore() throws Exception {
    Path conf = resource("isc-standalone.conf");
    Path leases = resource("isc-dhcpd.leases");
    Path target = dir.resolve("out");
    String[] args = {"import", "isc-dhcpd", "--conf", conf.toString(), "--leases", leases.toString(),
        "--out", target.toString(), "--address", "198.18.10.2", "--secondary-address", "198.18.10.3"};
    assertThat(run(args)).isZero();
    assertThat(run(args)).isEqualTo(2);
    assertThat(stderr()).contains("already holds a lease store");
  }

  @Test
  void aMissingConfigurationFileIsNamed() {
    int code = run("import", "kea", "--conf", dir.resolve("nope.json").toString(), "--out", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("nope.json: no such file");
  }
}
