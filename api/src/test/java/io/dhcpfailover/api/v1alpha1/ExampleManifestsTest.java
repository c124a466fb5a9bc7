package io.dhcpfailover.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every pair manifest under {@code examples/} (and the test fixtures) passes the generated CRD's
 * schema and CEL rules and binds to the Java model.
 */
class ExampleManifestsTest {

  private static final CrdSchema CRD = CrdSchema.generated();

  static Stream<Path> manifests() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir : List.of(Path.of("..", "examples"), Path.of("src", "test", "resources", "pairs"))) {
      if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.yaml")) {
          stream.forEach(files::add);
        }
      }
    }
    files.sort(null);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void manifestPassesSchemaAndCelRules(Path file) throws IOException {
    List<JsonNode> pairs = pairsIn(file);
    assertThat(pairs).as("DhcpFailoverPair documents in %s", file).isNotEmpty();
    for (JsonNode pair : pairs) {
      assertThat(CRD.schemaErrors(pair)).as("schema errors in %s", file).isEmpty();
      assertThat(CRD.celViolations(pair)).as("CEL violations in %s", file).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void manifestBindsToTheModel(Path file) throws IOException {
    for (JsonNode pair : pairsIn(file)) {
      DhcpFailoverPair model = CrdSchema.YAML.treeToValue(pair, DhcpFailoverPair.class);
      assertThat(model.getSpec().getPrimary().getAddress()).isNotBlank();
      assertThat(model.getSpec().getSubnets()).isNotEmpty();
    }
  }

  private static List<JsonNode> pairsIn(Path file) throws IOException {
    List<JsonNode> pairs = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (JsonNode doc : CrdSchema.readAll(in)) {
        if ("DhcpFailoverPair".equals(doc.path("kind").asText())) {
          pairs.add(doc);
        }
      }
    }
    return pairs;
  }
}
