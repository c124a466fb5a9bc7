package io.dhcpfailover.node.cli;

import io.dhcpfailover.api.tls.NodeCredentials;
import io.dhcpfailover.api.tls.PeerCertificateAuthority;
import io.dhcpfailover.api.tls.PeerTlsException;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.NodeSpec;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.config.ConfigException;
import io.dhcpfailover.node.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dhcp-node tls}: the peer channel's certificates outside Kubernetes. */
@Command(
    name = "tls",
    mixinStandardHelpOptions = true,
    description = "Certificates for the failover link's mutual TLS.",
    subcommands = {TlsCommand.Init.class})
final class TlsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a command: init");
  }

  /**
   * {@code dhcp-node tls init --pair FILE --out DIR}: DIR/ca.crt and DIR/ca.key (the pair's
   * authority, created once and kept), DIR/primary and DIR/secondary (each ca.crt, tls.crt,
   * tls.key: what {@code serve --tls-dir} takes). Run again, it issues new node certificates from
   * the same authority, which running nodes pick up: a rotation.
   */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description =
          "Create the pair's certificate authority (once) and issue a certificate for each node:"
              + " OUT/primary and OUT/secondary are the --tls-dir of each node.")
  static final class Init implements Callable<Integer> {
    @Option(names = "--pair", required = true, description = "The DhcpFailoverPair manifest (YAML).")
    Path pair;

    @Option(names = "--out", required = true, description = "Directory to write into (created if needed).")
    Path out;

    @Option(
        names = "--days",
        defaultValue = "90",
        description = "How long the node certificates are valid (default: ${DEFAULT-VALUE}).")
    int days;

    @Override
    public Integer call() {
      if (days < 1) {
        System.err.println("--days: must be at least 1");
        return 2;
      }
      DhcpFailoverPair p;
      try {
        p = ConfigLoader.loadValid(pair);
      } catch (ConfigException e) {
        System.err.println("invalid pair file " + pair + ":\n" + e.getMessage());
        return 2;
      }
      String name = p.getMetadata().getName();
      Instant now = Instant.now();
      try {
        PeerCertificateAuthority ca;
        if (Files.exists(out.resolve(PeerCertificateAuthority.KEY_FILE))) {
          ca = PeerCertificateAuthority.read(out);
          System.out.println("kept the authority in " + out.resolve(NodeCredentials.CA_FILE));
        } else {
          ca = PeerCertificateAuthority.create(name, now, PeerCertificateAuthority.CA_VALIDITY);
          ca.write(out);
          System.out.println("created the authority " + out.resolve(NodeCredentials.CA_FILE));
        }
        for (Role role : Role.PAIR) {
          NodeSpec node = role == Role.PRIMARY ? p.getSpec().getPrimary() : p.getSpec().getSecondary();
          NodeCredentials c = ca.issue(name, role, node.getAddress(), now, Duration.ofDays(days));
          Path dir = out.resolve(role.id());
          c.write(dir);
          System.out.println(
              "issued " + dir + " for " + node.getAddress() + ", valid until " + c.certificate().getNotAfter().toInstant());
        }
        return 0;
      } catch (PeerTlsException e) {
        System.err.println("cannot use the authority in " + out + ": " + e.getMessage());
        return 1;
      } catch (IOException e) {
        System.err.println("cannot write " + out + ": " + e.getMessage());
        return 1;
      }
    }
  }
}
