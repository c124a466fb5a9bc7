package io.dhcpfailover.node.config;

import io.dhcpfailover.node.util.Ipv4;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Fixed interfaces with fixed addresses, for tests. */
record FakeInterfaces(Map<String, Set<String>> byName) implements LocalInterfaces {

  /** One interface with the given addresses. */
  static FakeInterfaces of(String name, String... addresses) {
    return new FakeInterfaces(Map.of(name, Set.of(addresses)));
  }

  @Override
  public Set<String> names() {
    return byName.keySet();
  }

  @Override
  public Set<Integer> addresses() {
    return byName.values().stream()
        .flatMap(Set::stream)
        .map(Ipv4::parse)
        .collect(Collectors.toSet());
  }
}
