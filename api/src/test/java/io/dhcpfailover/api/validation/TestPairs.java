package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The valid pair the validator tests start from. */
final class TestPairs {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TestPairs() {}

  /** A fresh copy of the valid pair in {@code config/valid-pair.yaml}. */
  static DhcpFailoverPair valid() {
    try (InputStream in = TestPairs.class.getResourceAsStream("/config/valid-pair.yaml")) {
      // the file carries a status a node would ignore, as it reads only what it configures
      ObjectNode tree = (ObjectNode) YAML.readTree(in);
      tree.remove("status");
      return YAML.treeToValue(tree, DhcpFailoverPair.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
