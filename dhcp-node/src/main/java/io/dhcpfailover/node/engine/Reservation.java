package io.dhcpfailover.node.engine;

/**
 * A fixed address for one client.
 *
 * @param hardware htype followed by the hardware address, or null
 * @param clientId option 61 value, or null
 * @param boot network-boot settings that override the subnet's
 */
public record Reservation(
    byte[] hardware, byte[] clientId, int address, String hostname, BootParameters boot) {

  /** A reservation without network-boot settings of its own. */
  public Reservation(byte[] hardware, byte[] clientId, int address, String hostname) {
    this(hardware, clientId, address, hostname, BootParameters.NONE);
  }
}
