package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpOptions;

/**
 * A fixed address for one client.
 *
 * @param hardware htype followed by the hardware address, or null
 * @param clientId option 61 value, or null
 * @param boot network-boot settings that override the subnet's, its pool's and its classes'
 * @param options options that override the subnet's, its pool's and its classes'
 */
public record Reservation(
    byte[] hardware,
    byte[] clientId,
    int address,
    String hostname,
    BootParameters boot,
    DhcpOptions options) {

  /** A reservation without network-boot settings or options of its own. */
  public Reservation(byte[] hardware, byte[] clientId, int address, String hostname) {
    this(hardware, clientId, address, hostname, BootParameters.NONE);
  }

  /** A reservation without options of its own. */
  public Reservation(
      byte[] hardware, byte[] clientId, int address, String hostname, BootParameters boot) {
    this(hardware, clientId, address, hostname, boot, DhcpOptions.empty());
  }

  /** Nulls are nothing set. */
  public Reservation {
    boot = boot == null ? BootParameters.NONE : boot;
    options = options == null ? DhcpOptions.empty() : options;
  }

  /** What this reservation sets, as one level of {@link ParameterLayers}. */
  public Parameters parameters() {
    return new Parameters(options, boot);
  }
}
