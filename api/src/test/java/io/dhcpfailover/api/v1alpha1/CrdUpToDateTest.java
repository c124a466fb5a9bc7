package io.dhcpfailover.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CRD checked in under {@code crds/} is exactly the one the build generates. */
class CrdUpToDateTest {

  static final Path COMMITTED = Path.of("..", "crds", "dhcpfailoverpairs.dhcpfailover.io-v1.yml");

  @Test
  void committedCrdEqualsTheGeneratedOne() throws IOException {
    String generated;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(CrdSchema.GENERATED)) {
      assertThat(in).as("generated CRD on the classpath").isNotNull();
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(COMMITTED).exists();
    assertThat(Files.readString(COMMITTED))
        .as(
            "crds/ is stale: copy api/target/classes/%s to %s and commit it",
            CrdSchema.GENERATED, COMMITTED.normalize())
        .isEqualTo(generated);
  }
}
