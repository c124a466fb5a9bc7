package io.dhcpfailover.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  @TempDir Path dir;

  private record Run(int code, String err) {}

  private Run serve(String pairYaml, String role) throws Exception {
    Path pair = dir.resolve("pair.yaml");
    Files.writeString(pair, pairYaml);
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run("serve", "--pair", pair.toString(), "--role", role, "--data-dir", dir.resolve("data").toString());
      return new Run(code, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
  }

  static final String VALID_HEAD =
      """
      apiVersion: dhcpfailover.io/v1alpha1
      kind: DhcpFailoverPair
      metadata: {name: t}
      spec:
        primary: {address: 198.18.0.2}
        secondary: {address: 198.18.0.3}
      """;

  @Test
  void refusesARangeOutsideItsSubnetNamingTheFieldAndValue() throws Exception {
    Run r = serve(VALID_HEAD + "  subnets:\n    - {subnet: 198.18.0.0/24, ranges: [\"198.18.1.10-198.18.1.20\"]}\n", "standalone");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("spec.subnets[0].ranges[0]").contains("198.18.1.10-198.18.1.20");
  }

  @Test
  void refusesAnUnknownFieldWithItsPath() throws Exception {
    Run r = serve(VALID_HEAD + "  subnets:\n    - {subnet: 198.18.0.0/24, rnages: []}\n", "standalone");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("spec.subnets[0].rnages");
  }

  @Test
  void refusesAnAddressThatIsNoIpv4Address() throws Exception {
    Run r = serve(VALID_HEAD.replace("198.18.0.3", "198.18.0.256") + "  subnets:\n    - {subnet: 198.18.0.0/24}\n", "secondary");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("spec.secondary.address").contains("198.18.0.256");
  }

  @Test
  void refusesARoleAddressOnNoLocalInterface() throws Exception {
    Run r = serve(VALID_HEAD + "  subnets:\n    - {subnet: 198.18.0.0/24, ranges: [\"198.18.0.10-198.18.0.20\"]}\n", "primary");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("spec.primary.address").contains("198.18.0.2");
  }

  @Test
  void refusesAnUnknownRole() throws Exception {
    Run r = serve(VALID_HEAD + "  subnets:\n    - {subnet: 198.18.0.0/24}\n", "tertiary");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("tertiary");
  }
}
