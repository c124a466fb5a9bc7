package io.dhcpfailover.node.migrate;

import java.util.List;

/**
 * What the user tells an importer that the source configuration does not say (or says otherwise).
 *
 * @param name the pair's {@code metadata.name}, or null to take the failover relationship's name
 *     (else {@code imported})
 * @param primaryAddress spec.primary.address, or null to take it from the source
 * @param secondaryAddress spec.secondary.address, or null to take it from the source
 * @param interfaces the interfaces both nodes hear clients on, or empty to take them from the source
 */
public record ImportSettings(
    String name, String primaryAddress, String secondaryAddress, List<String> interfaces) {

  public ImportSettings {
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
  }

  /** Nothing given: everything from the source. */
  public static ImportSettings none() {
    return new ImportSettings(null, null, null, List.of());
  }
}
