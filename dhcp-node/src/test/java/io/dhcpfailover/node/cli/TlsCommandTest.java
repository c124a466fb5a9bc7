package io.dhcpfailover.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.tls.NodeCredentials;
import io.dhcpfailover.api.tls.PeerCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCommandTest {
  @TempDir Path dir;

  static final String PAIR =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata: {name: lab}
      spec:
        primary: {address: 198.18.0.2}
        secondary: {address: 198.18.0.3}
        subnets:
          - {subnet: 198.18.0.0/24}
      """;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void initWritesEachNodesDirectoryWithCertificatesThatNameThePartner() throws Exception {
    Path pair = dir.resolve("pair.yaml");
    Files.writeString(pair, PAIR);
    Path out = dir.resolve("tls");
    Run r = run("tls", "init", "--pair", pair.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    NodeCredentials primary = NodeCredentials.read(out.resolve("primary"));
    NodeCredentials secondary = NodeCredentials.read(out.resolve("secondary"));
    assertThat(primary.ca()).isEqualTo(secondary.ca());
    Instant now = Instant.now();
    PeerCertificates.verify(new X509Certificate[] {secondary.certificate()}, primary.ca(), "lab", "198.18.0.3", now);
    PeerCertificates.verify(new X509Certificate[] {primary.certificate()}, secondary.ca(), "lab", "198.18.0.2", now);
    assertThat(Files.exists(out.resolve("ca.key"))).isTrue();
    assertThat(Files.exists(out.resolve("primary").resolve("ca.key"))).as("no node gets the authority's key").isFalse();
  }

  @Test
  void runAgainItKeepsTheAuthorityAndIssuesNewNodeCertificates() throws Exception {
    Path pair = dir.resolve("pair.yaml");
    Files.writeString(pair, PAIR);
    Path out = dir.resolve("tls");
    assertThat(run("tls", "init", "--pair", pair.toString(), "--out", out.toString()).code()).isZero();
    NodeCredentials before = NodeCredentials.read(out.resolve("primary"));
    Run again = run("tls", "init", "--pair", pair.toString(), "--out", out.toString(), "--days", "7");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("kept the authority");
    NodeCredentials after = NodeCredentials.read(out.resolve("primary"));
    assertThat(after.ca()).isEqualTo(before.ca());
    assertThat(after.certificate().getSerialNumber()).isNotEqualTo(before.certificate().getSerialNumber());
  }

  @Test
  void aCorruptAuthorityKeyIsAnErrorNamingTheFile() throws Exception {
    Path pair = dir.resolve("pair.yaml");
    Files.writeString(pair, PAIR);
    Path out = dir.resolve("tls");
    assertThat(run("tls", "init", "--pair", pair.toString(), "--out", out.toString()).code()).isZero();
    Files.writeString(out.resolve("ca.key"), "garbage\n");
    Run r = run("tls", "init", "--pair", pair.toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(out.resolve("ca.key").toString()).contains("expected one PEM PRIVATE KEY block");
  }

  @Test
  void anInvalidPairFileIsRefused() throws Exception {
    Path pair = dir.resolve("pair.yaml");
    Files.writeString(pair, PAIR.replace("198.18.0.3", "198.18.0.300"));
    Run r = run("tls", "init", "--pair", pair.toString(), "--out", dir.resolve("tls").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("spec.secondary.address");
    assertThat(Files.exists(dir.resolve("tls"))).isFalse();
  }
}
